/**
 * Destinations no function may reach and whose mere attempt is a threat finding (GuardDuty-style,
 * https://docs.aws.amazon.com/guardduty/latest/ug/lambda-protection-finding-types.html): a built-in
 * list of well-known cryptocurrency mining pools, extended by the operator with a file
 * (`<data-dir>/threat-list.txt` by default): one `pattern [finding-type]` per line, `#` comments,
 * patterns as in host-pattern.ts (`*.pool.example` also matches `pool.example`) or IP literals.
 * Checked before the egress policy: a listed destination is refused even when allowed.
 */
import { readFile } from 'node:fs/promises';
import { compileHostPattern, hostMatches, normalizeHost } from '../../shared/platform-tags/host-pattern.js';
import type { HostPattern } from '../../shared/platform-tags/host-pattern.js';
import { ConfigError } from '../../shared/errors/lambdabox-error.js';

/** GuardDuty's mining finding, in its DNS-name variant (we see the name the function asked for). */
export const MINING_FINDING = 'CryptoCurrency:Lambda/BitcoinTool.B!DNS';
/** GuardDuty's finding for a customer-supplied threat list. */
export const CUSTOM_FINDING = 'UnauthorizedAccess:Lambda/MaliciousIPCaller.Custom';

/** Mining pools (public pool addresses published by the pools themselves). */
export const BUILTIN_MINING_POOLS: readonly string[] = [
  '*.nanopool.org',
  '*.minexmr.com',
  '*.supportxmr.com',
  '*.2miners.com',
  '*.f2pool.com',
  '*.ethermine.org',
  '*.hashvault.pro',
  '*.moneroocean.stream',
  '*.nicehash.com',
  '*.c3pool.com',
  '*.herominers.com',
  '*.unmineable.com',
  '*.minergate.com',
  '*.viabtc.com',
  '*.antpool.com',
  '*.xmrpool.eu',
  '*.dwarfpool.com',
  '*.miningpoolhub.com',
];

export interface ThreatEntry {
  readonly pattern: string;
  readonly findingType: string;
  readonly host: HostPattern;
}

export class ThreatList {
  readonly entries: readonly ThreatEntry[];

  constructor(entries: readonly ThreatEntry[]) {
    this.entries = entries;
  }

  static builtin(): ThreatList {
    return new ThreatList(BUILTIN_MINING_POOLS.map((p) => entry(p, MINING_FINDING)));
  }

  /** The built-in list plus the operator's file; a missing file adds nothing, a bad line is an error. */
  static async load(file: string | undefined): Promise<ThreatList> {
    const builtin = ThreatList.builtin().entries;
    if (file === undefined) return new ThreatList(builtin);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new ThreatList(builtin);
      throw err;
    }
    return new ThreatList([...builtin, ...parseThreatFile(text, file)]);
  }

  /** The entry a host name or address is listed under. */
  match(host: string): ThreatEntry | undefined {
    const h = normalizeHost(host);
    return this.entries.find((e) => hostMatches(e.host, h));
  }
}

function entry(pattern: string, findingType: string): ThreatEntry {
  const host = compileHostPattern(pattern, { includeApex: true });
  if (host.kind === 'any') throw new ConfigError(`'${pattern}' would list every destination`);
  return { pattern, findingType, host };
}

export function parseThreatFile(text: string, name = 'threat list'): ThreatEntry[] {
  const out: ThreatEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const [pattern, type] = line.split(/\s+/);
    try {
      out.push(entry(pattern ?? '', type ?? CUSTOM_FINDING));
    } catch (err) {
      throw new ConfigError(`${name}:${index + 1}: ${(err as Error).message}`);
    }
  });
  return out;
}
