// Prints, for every template of a cloud assembly, the length of the YAML the
// CDK CLI sends to CloudFormation (`cdk deploy` serializes a template with
// the yaml package, schema yaml-1.1, no line folding, and sends it inline
// when it is at most 51,200 UTF-16 code units), one line each:
// "LENGTH STACK". tools/cdk/package.json pins yaml at the version the CLI
// bundles; TestTemplateSizeBound checks that this is the CLI's own text.
//
//   node tools/yaml-size.mjs cdk.out
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('./cdk/package.json', import.meta.url));
const { stringify } = require('yaml');
const dir = process.argv[2] ?? 'cdk.out';
for (const f of readdirSync(dir).filter((f) => f.endsWith('.template.json')).sort()) {
  const template = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const text = stringify(template, { schema: 'yaml-1.1', lineWidth: 0 });
  console.log(`${text.length} ${f.slice(0, -'.template.json'.length)}`);
}
