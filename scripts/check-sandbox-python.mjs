#!/usr/bin/env node
// The Python runtime's sources (src/runtimes/python) run inside sandboxes, where only the standard library
// and their own modules exist: every import must be one of those. dependency-cruiser reads no Python,
// so this check parses the files with Python's own `ast` (part of `npm run lint`).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dir = process.argv[2] ?? join(root, 'src/runtimes/python');
const program = `
import ast, os, sys
d = sys.argv[1]
own = {f[:-3] for f in os.listdir(d) if f.endswith('.py')}
bad = []
for f in sorted(os.listdir(d)):
    if not f.endswith('.py'):
        continue
    tree = ast.parse(open(os.path.join(d, f), encoding='utf-8').read(), f)
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split('.')[0]
            if top not in sys.stdlib_module_names and top not in own:
                bad.append(f'{f}:{node.lineno}: imports {name}, which is neither the standard library nor a module of {d}')
print('\\n'.join(bad))
sys.exit(1 if bad else 0)
`;
const result = spawnSync('python3', ['-c', program, dir], { encoding: 'utf8' });
if (result.error !== undefined) {
  process.stderr.write(`check-sandbox-python: cannot run python3 (${result.error.message}); install it: apt-get install -y python3\n`);
  process.exit(1);
}
if (result.status !== 0) {
  process.stderr.write(result.stdout + result.stderr);
  process.stderr.write('check-sandbox-python: the in-sandbox Python sources import something the sandbox does not have\n');
  process.exit(1);
}
