/**
 * The root-side wrapper every sandbox starts through. Node has no pre-exec hook, so a shell joins
 * the env's cgroups with its own pid (then bwrap and everything below it are members), closes every
 * fd above the ones meant for the sandbox (bwrap passes inherited non-CLOEXEC fds through, and this
 * server may have inherited some from its own parent), sets the rlimits bwrap has no flag for, and
 * execs setpriv with an empty environment (bash would pass on PWD and SHLVL), which drops to the sandbox's host uid before bwrap runs: root-run bwrap would map
 * the sandbox user to host root. bash, not sh: dash cannot name fds above 9.
 *
 * Positional parameters: $1 = host uid, $2 = highest fd to keep, $3 = RLIMIT_NOFILE of the sandbox
 * program, then the cgroup.procs files, `--`, the setpriv path, then the sandbox program's path (bwrap
 * or runsc) and argv. Nothing is interpolated into the script itself.
 */

/** Exit status of the wrapper when it cannot set the sandbox up (bwrap itself uses 1). */
export const WRAPPER_FAILURE_CODE = 125;

/** Lambda's limit on open file descriptors per environment. */
export const NOFILE_LIMIT = 1024;

export const LAUNCH_WRAPPER = `
uid=$1 keep=$2 nofile=$3
shift 3
while [ "$1" != -- ]; do
  if ! echo $$ > "$1"; then echo "lambdabox: cannot join cgroup $1" >&2; exit ${WRAPPER_FAILURE_CODE}; fi
  shift
done
shift
for f in /proc/$$/fd/*; do
  n=\${f##*/}
  if [ "$n" -gt "$keep" ]; then eval "exec $n>&-"; fi
done
hard=$(ulimit -Hn)
# Without CAP_SYS_RESOURCE no hard limit can be raised: runsc then gets what this server has.
if [ "$hard" != unlimited ] && [ "$nofile" -gt "$hard" ]; then nofile=$hard; fi
ulimit -n "$nofile" && ulimit -c 0 || exit ${WRAPPER_FAILURE_CODE}
setpriv=$1
shift
exec -c "$setpriv" --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all --no-new-privs -- "$@"
`;

export function wrapperArgs(options: {
  readonly hostUid: number;
  readonly keepFd: number;
  /**
   * The program's own open-file limit. Under bwrap it is the function's (NOFILE_LIMIT); runsc's
   * sentry and gofer need their own, larger one, and give the function NOFILE_LIMIT inside.
   */
  readonly nofile: number;
  readonly procsFiles: readonly string[];
  readonly setpriv: string;
  /** bwrap or runsc. */
  readonly program: string;
  readonly programArgs: readonly string[];
}): string[] {
  if (!Number.isSafeInteger(options.nofile) || options.nofile < 1) throw new RangeError(`not an open-file limit: ${options.nofile}`);
  return [
    '-c',
    LAUNCH_WRAPPER,
    'lambdabox-launch',
    String(options.hostUid),
    String(options.keepFd),
    String(options.nofile),
    ...options.procsFiles,
    '--',
    options.setpriv,
    options.program,
    ...options.programArgs,
  ];
}
