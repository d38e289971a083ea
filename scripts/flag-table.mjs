#!/usr/bin/env node
// The README's flag tables, generated from the CLI's own --help so they cannot drift.
//   node scripts/flag-table.mjs --write   rewrites every <!-- flags:CMD --> … <!-- /flags:CMD -->
//                                         block of README.md from `neuroxbar CMD --help`
//   node scripts/flag-table.mjs --check   exits 1 (naming the command) if a block is out of date
// Needs a built dist/ (npm run build).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readmePath = join(root, "README.md");

/** One row per flag of `neuroxbar <command> --help`: flag, meaning, type, default. */
export function helpFlags(command) {
  const help = execFileSync(
    process.execPath,
    [join(root, "dist", "cli", "main.js"), ...command.split(" "), "--help"],
    { encoding: "utf8", env: { ...process.env, COLUMNS: "110" } },
  );
  const lines = help.split("\n");
  const start = lines.indexOf("Options:");
  const entries = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === "") break;
    const m = /^ {2}(--[a-z0-9-]+)\s{2,}(.*)$/.exec(line);
    if (m) entries.push({ flag: m[1], text: m[2].trim() });
    else if (entries.length) entries[entries.length - 1].text += ` ${line.trim()}`;
  }
  return entries
    .filter((e) => e.flag !== "--help" && e.flag !== "--version")
    .map(({ flag, text }) => {
      let rest = text;
      let def = "";
      const d = /\s*\[default: (.*?)\]$/.exec(rest);
      if (d) {
        def = d[1].replace(/^"(.*)"$/, "$1");
        rest = rest.slice(0, d.index);
      }
      const t = /\s*\[(string|boolean|number|array|count)\]$/.exec(rest);
      const type = t ? t[1] : "";
      if (t) rest = rest.slice(0, t.index);
      const inline = /\s*\[([^\]]*)\]$/.exec(rest);
      if (!def && inline) {
        def = inline[1];
        rest = rest.slice(0, inline.index);
      }
      return { flag, meaning: rest.trim(), type, def };
    });
}

const esc = (s) => s.replace(/\|/g, "\\|");

/** The markdown table of a command's flags. */
export function flagTable(command) {
  const rows = helpFlags(command).map((r) => {
    const value =
      r.type === "boolean" ? "" : r.type === "array" ? " K=V…" : r.type === "number" ? " N" : " X";
    return `| \`${r.flag}${value}\` | ${esc(r.meaning)} | ${r.def ? `\`${esc(r.def)}\`` : "—"} |`;
  });
  return ["| flag | meaning | default |", "| --- | --- | --- |", ...rows].join("\n");
}

const BLOCK = /<!-- flags:([a-z -]+) -->\n[\s\S]*?<!-- \/flags:\1 -->/g;

/** README text with every flags block regenerated. */
export function regenerate(text) {
  return text.replace(
    BLOCK,
    (_, command) => `<!-- flags:${command} -->\n${flagTable(command)}\n<!-- /flags:${command} -->`,
  );
}

/** README text with regenerated tables, formatted as `prettier --write` would (so --check is stable). */
export async function regenerateFormatted(text) {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(readmePath)) ?? {};
  return prettier.format(regenerate(text), { ...options, filepath: readmePath });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = readFileSync(readmePath, "utf8");
  const next = await regenerateFormatted(text);
  if (process.argv.includes("--write")) {
    writeFileSync(readmePath, next);
  } else if (next !== text) {
    console.error(
      "README.md flag tables are out of date with the CLI's --help: run node scripts/flag-table.mjs --write",
    );
    process.exit(1);
  }
}
