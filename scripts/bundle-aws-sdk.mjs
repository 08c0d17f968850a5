// Bundles the AWS SDK for JavaScript v3 clients that Lambda's Node.js runtimes provide, one CommonJS file
// per package, into dist/src/runtimes/nodejs/node_modules/@aws-sdk/client-*/ (bound at /var/runtime, so
// NODE_PATH finds it, and at /var/node_modules, where ES module resolution from /var/task looks).
// Each package gets an ESM entry that re-exports the CommonJS names, so `import { LambdaClient } from
// '@aws-sdk/client-lambda'` and `require('@aws-sdk/client-lambda')` share one instance and ESM skips
// Node's CommonJS export scan of a 1 MB file. Skipped when the bundles match the installed versions.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export const SDK_CLIENTS = ['lambda', 'sts', 'sqs', 'kms', 'secrets-manager'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function installedVersion(require, name) {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Returns the number of bundles written (0 when up to date or when the SDK is not installed). */
export async function bundleAwsSdk(outRoot) {
  const require = createRequire(join(process.cwd(), 'package.json'));
  const versions = Object.fromEntries(SDK_CLIENTS.map((c) => [c, installedVersion(require, `@aws-sdk/client-${c}`)]));
  const missing = SDK_CLIENTS.filter((c) => versions[c] === undefined);
  if (missing.length > 0) {
    console.warn(`build: @aws-sdk/client-{${missing.join(',')}} not installed; nodejs runtimes will not provide them`);
    return 0;
  }
  const sdkDir = join(outRoot, '@aws-sdk');
  const stampFile = join(outRoot, '.aws-sdk-bundles.json');
  const stamp = JSON.stringify(versions);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return 0;

  const { build } = await import('esbuild');
  rmSync(sdkDir, { recursive: true, force: true });
  await Promise.all(
    SDK_CLIENTS.map((client) =>
      build({
        entryPoints: [require.resolve(`@aws-sdk/client-${client}`)],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        outfile: join(sdkDir, `client-${client}`, 'index.js'),
        // Whitespace and syntax only: identifiers (and so class and error names) stay readable.
        minifyWhitespace: true,
        minifySyntax: true,
        keepNames: true,
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  );
  for (const client of SDK_CLIENTS) {
    const dir = resolve(sdkDir, `client-${client}`);
    const names = Object.keys(require(join(dir, 'index.js'))).filter((n) => IDENTIFIER.test(n) && n !== 'default');
    writeFileSync(
      join(dir, 'index.mjs'),
      "import { createRequire } from 'node:module';\n" +
        "const sdk = createRequire(import.meta.url)('./index.js');\n" +
        'export default sdk;\n' +
        `export const { ${names.join(', ')} } = sdk;\n`,
    );
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify(
        {
          name: `@aws-sdk/client-${client}`,
          version: versions[client],
          description: `Bundled by lambdabox from @aws-sdk/client-${client} ${versions[client]} (Apache-2.0)`,
          license: 'Apache-2.0',
          main: 'index.js',
          exports: { '.': { import: './index.mjs', require: './index.js' }, './package.json': './package.json' },
        },
        null,
        2,
      ) + '\n',
    );
  }
  mkdirSync(outRoot, { recursive: true });
  writeFileSync(stampFile, stamp);
  return SDK_CLIENTS.length;
}
