#!/usr/bin/env node
// Builds the Teams app package (manifest/build/appPackage.zip) from manifest.json, the localization files and the
// icons, with values taken from the environment, and validates it offline against the schema bundled in
// npm @microsoft/app-manifest.
//
//   TEAMS_APP_ID=<guid> BOT_ID=<guid> BOT_DOMAIN=<host> node manifest/build.mjs
//       optional: APP_VERSION (semver, default 1.0.0), APP_NAME_SUFFIX (e.g. " (test)"),
//                 WEBSITE_URL / PRIVACY_URL / TERMS_URL (https, default https://<BOT_DOMAIN>/, /privacy, /terms)
//   node manifest/build.mjs --check      same with fixed sample values, output in manifest/build/check/ (CI)
//   node manifest/build.mjs --self-test  proves the checks reject broken inputs, so --check cannot pass vacuously
//
// Exit codes: 0 success, 1 validation failed, 2 bad usage or missing environment values.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { unzipSync, zipSync } from 'fflate';
import { PNG } from 'pngjs';

const manifestDir = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const PLACEHOLDER = /\$\{\{([A-Z0-9_]+)\}\}/g;

export const SAMPLE_ENV = Object.freeze({
  TEAMS_APP_ID: '11111111-2222-4333-8444-555555555555',
  BOT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  BOT_DOMAIN: 'bot.example.com',
});

function isHostname(value) {
  if (value.length > 253 || !value.includes('.')) return false;
  return value.split('.').every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

function isHttpsUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** Turns the environment into placeholder values, or a list of problems that name the variable to fix. */
export function resolveValues(env) {
  const errors = [];
  const get = (name) => (env[name] ?? '').trim();
  const teamsAppId = get('TEAMS_APP_ID');
  const botId = get('BOT_ID');
  const botDomain = get('BOT_DOMAIN').toLowerCase();

  for (const [name, value] of [['TEAMS_APP_ID', teamsAppId], ['BOT_ID', botId]]) {
    if (!value) errors.push(`${name} is required (a GUID)`);
    else if (!GUID.test(value)) errors.push(`${name} must be a GUID like ${SAMPLE_ENV[name]}, got "${value}"`);
  }
  if (!botDomain) errors.push('BOT_DOMAIN is required (the web app host name, e.g. app-escalations.azurewebsites.net)');
  else if (!isHostname(botDomain)) errors.push(`BOT_DOMAIN must be a bare host name without scheme, port or path (e.g. bot.example.com), got "${botDomain}"`);

  const appVersion = get('APP_VERSION') || '1.0.0';
  if (!SEMVER.test(appVersion)) errors.push(`APP_VERSION must be MAJOR.MINOR.PATCH (e.g. 1.0.1), got "${appVersion}"`);
  const suffix = env.APP_NAME_SUFFIX ?? '';
  if (!/^[\p{L}\p{N} ()._-]{0,19}$/u.test(suffix)) errors.push(`APP_NAME_SUFFIX must be at most 19 letters, digits, spaces or ()._- (e.g. " (test)"), got "${suffix}"`);

  const urls = {
    WEBSITE_URL: get('WEBSITE_URL') || `https://${botDomain}/`,
    PRIVACY_URL: get('PRIVACY_URL') || `https://${botDomain}/privacy`,
    TERMS_URL: get('TERMS_URL') || `https://${botDomain}/terms`,
  };
  for (const [name, value] of Object.entries(urls)) {
    if (botDomain && !isHttpsUrl(value)) errors.push(`${name} must be an https URL, got "${value}"`);
  }

  if (errors.length) return { errors };
  return {
    errors,
    values: {
      TEAMS_APP_ID: teamsAppId.toLowerCase(),
      BOT_ID: botId.toLowerCase(),
      BOT_DOMAIN: botDomain,
      APP_VERSION: appVersion,
      APP_NAME_SUFFIX: suffix,
      ...urls,
    },
  };
}

/** Replaces every ${{NAME}} in a JSON text; values are JSON-string-escaped so they cannot break the document. */
export function substitute(text, values, fileName) {
  const missing = new Set();
  const result = text.replace(PLACEHOLDER, (match, name) => {
    if (!(name in values)) {
      missing.add(name);
      return match;
    }
    return JSON.stringify(String(values[name])).slice(1, -1);
  });
  const leftovers = [...new Set([...result.matchAll(/\$\{\{[^}]*\}\}/g)].map((m) => m[0]))];
  const errors = [];
  if (missing.size) errors.push(`${fileName}: no value for placeholder(s) ${[...missing].join(', ')}`);
  else if (leftovers.length) errors.push(`${fileName}: placeholder(s) left after substitution: ${leftovers.join(', ')}`);
  return { text: result, errors };
}

function loadValidator() {
  try {
    const { AppManifestUtils } = require('@microsoft/app-manifest');
    require.resolve('fs-extra'); // required by @microsoft/app-manifest at run time but not declared by it
    return AppManifestUtils;
  } catch (error) {
    console.error(`Cannot load @microsoft/app-manifest (${error.message}). Run "npm ci" in the repository root first.`);
    process.exit(2);
  }
}

const AppManifestUtils = loadValidator();
const schemaRoot = path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build');

/**
 * Maps a developer.microsoft.com schema URL to the copy bundled in @microsoft/app-manifest, the same way
 * AppManifestUtils does, and loads it; validation therefore never touches the network.
 */
export function loadBundledSchema(schemaUrl) {
  const match = /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(json-schemas\/teams\/v[0-9.]+\/[A-Za-z.]+\.json)$/i.exec(schemaUrl ?? '');
  if (!match) throw new Error(`$schema "${schemaUrl}" is not a Teams schema URL on developer.microsoft.com`);
  const file = path.join(schemaRoot, match[1]);
  if (!fs.existsSync(file)) throw new Error(`$schema "${schemaUrl}" is not bundled in @microsoft/app-manifest (looked for ${file})`);
  const schema = JSON.parse(fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
  return normalisePatterns(schema);
}

/**
 * Escapes a "]" that closes no character class. Outside unicode mode JavaScript reads it as a literal "]", but ajv
 * compiles patterns with the "u" flag, where it is a syntax error: every bundled MicrosoftTeams.Localization.schema.json
 * (v1.19 to vDevPreview in @microsoft/app-manifest 1.1.2) has such a pattern (`activities.activityTypes\[\b(...)\b]`),
 * so without this the localization files could not be validated at all. The meaning of the pattern is unchanged.
 */
export function escapeLoneBrackets(pattern) {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (ch === '[' && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === ']') {
      out += inClass ? ch : '\\]';
      inClass = false;
    } else out += ch;
  }
  return out;
}

function normalisePatterns(node) {
  if (Array.isArray(node)) return node.map(normalisePatterns);
  if (node === null || typeof node !== 'object') return node;
  const result = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'patternProperties' && value && typeof value === 'object') {
      result[key] = Object.fromEntries(Object.entries(value).map(([pattern, schema]) => [escapeLoneBrackets(pattern), normalisePatterns(schema)]));
    } else if (key === 'pattern' && typeof value === 'string') {
      result[key] = escapeLoneBrackets(value);
    } else {
      result[key] = normalisePatterns(value);
    }
  }
  return result;
}

async function validateDocument(document, fileName) {
  let schema;
  try {
    schema = loadBundledSchema(document.$schema);
  } catch (error) {
    return [`${fileName}: ${error.message}`];
  }
  const problems = await AppManifestUtils.validateAgainstSchema(document, schema);
  return problems.map((problem) => `${fileName}: schema: ${problem.trim() || '(document)'}`);
}

/** Rules the schema cannot express but Teams relies on. */
function checkConsistency(manifest, values) {
  const errors = [];
  const bot = manifest.bots?.[0];
  if (!bot) return ['manifest.json: no bot declared'];
  if (manifest.webApplicationInfo?.id !== bot.botId) errors.push('manifest.json: webApplicationInfo.id must equal bots[0].botId (the bot identity sends activity-feed notifications)');
  if (!manifest.validDomains?.includes(values.BOT_DOMAIN)) errors.push(`manifest.json: validDomains must contain the bot domain ${values.BOT_DOMAIN}`);
  for (const scope of ['personal', 'team', 'groupChat']) {
    if (!bot.scopes?.includes(scope)) errors.push(`manifest.json: bots[0].scopes must include ${scope}`);
  }
  const personal = bot.commandLists?.find((list) => list.scopes.includes('personal'));
  const titles = personal?.commands.map((command) => command.title) ?? [];
  for (const required of ['new', 'my', 'status', 'help']) {
    if (!titles.includes(required)) errors.push(`manifest.json: the personal command list must contain "${required}"`);
  }
  for (const [index, list] of (bot.commandLists ?? []).entries()) {
    const names = list.commands.map((command) => command.title.toLowerCase());
    if (new Set(names).size !== names.length) errors.push(`manifest.json: bots[0].commandLists[${index}] has duplicate command titles`);
  }
  return errors;
}

// 1980-01-01 00:00 in local time, which is how the ZIP's DOS timestamps are written: a fixed timestamp keeps packages
// byte-identical for identical inputs.
const ZIP_MTIME = new Date(1980, 0, 1);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Builds a ZIP archive (deflate, no directories) from [{ name, data }], in that order. */
export function createZip(entries) {
  const files = Object.fromEntries(entries.map(({ name, data }) => [name, [data, { level: 9, mtime: ZIP_MTIME }]]));
  return Buffer.from(zipSync(files));
}

/** Reads back the entries of a ZIP (used to verify the package before reporting success). */
export function readZip(buffer) {
  return Object.entries(unzipSync(buffer)).map(([name, data]) => ({ name, data: Buffer.from(data) }));
}

/** Checks one icon file against what Teams requires; returns problems, empty when fine. */
export function checkIcon(fileName, buffer, kind) {
  // pngjs reports a truncated or foreign file only as a stream error; the signature gives a plain message instead.
  if (!buffer.subarray(0, 8).equals(PNG_SIGNATURE)) return [`${fileName}: not a PNG (bad signature)`];
  let image;
  try {
    // Any bit depth, colour type or interlacing, normalised to 8-bit RGBA; `alpha` is also set by a tRNS chunk.
    image = PNG.sync.read(buffer);
  } catch (error) {
    return [`${fileName}: not a readable PNG (${error.message})`];
  }
  const size = kind === 'color' ? 192 : 32;
  if (image.width !== size || image.height !== size) return [`${fileName}: must be ${size}x${size} pixels, is ${image.width}x${image.height}`];
  if (kind === 'color') return [];

  if (!image.alpha) return [`${fileName}: the outline icon needs an alpha channel (white on transparent)`];
  let visible = 0;
  let transparent = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = image.data.subarray(i, i + 4);
    if (a === 0) {
      transparent++;
      continue;
    }
    visible++;
    if (r !== 255 || g !== 255 || b !== 255) {
      const pixel = i / 4;
      return [`${fileName}: pixel (${pixel % size},${Math.floor(pixel / size)}) is rgb(${r},${g},${b}); every visible pixel of the outline icon must be white`];
    }
  }
  if (visible === 0) return [`${fileName}: the outline icon is empty`];
  if (transparent === 0) return [`${fileName}: the outline icon has no transparent pixels`];
  return [];
}

/**
 * Does everything except writing: substitutes values, validates the manifest and its localization files against the
 * bundled schemas, checks consistency and icons. Returns { errors, files } where files are the package entries.
 */
export async function buildPackage(values, sources = readSources()) {
  const errors = [];
  const files = [];
  const manifestResult = substitute(sources.manifest, values, 'manifest.json');
  errors.push(...manifestResult.errors);
  if (manifestResult.errors.length) return { errors, files };

  let manifest;
  try {
    manifest = JSON.parse(manifestResult.text);
  } catch (error) {
    return { errors: [`manifest.json: not valid JSON after substitution (${error.message})`], files };
  }
  errors.push(...(await validateDocument(manifest, 'manifest.json')));
  errors.push(...checkConsistency(manifest, values));
  files.push({ name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') });

  for (const language of manifest.localizationInfo?.additionalLanguages ?? []) {
    const source = sources.localizations[language.file];
    if (source === undefined) {
      errors.push(`manifest.json: localization file ${language.file} (${language.languageTag}) not found next to manifest.json`);
      continue;
    }
    const result = substitute(source, values, language.file);
    errors.push(...result.errors);
    if (result.errors.length) continue;
    const document = JSON.parse(result.text);
    errors.push(...(await validateDocument(document, language.file)));
    files.push({ name: language.file, data: Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8') });
  }

  for (const kind of ['color', 'outline']) {
    const name = manifest.icons?.[kind];
    const buffer = name && sources.icons[name];
    if (!buffer) {
      errors.push(`manifest.json: icons.${kind} file "${name}" not found next to manifest.json`);
      continue;
    }
    errors.push(...checkIcon(name, buffer, kind));
    files.push({ name, data: buffer });
  }
  return { errors, files };
}

function readSources() {
  const manifest = fs.readFileSync(path.join(manifestDir, 'manifest.json'), 'utf8');
  const parsed = JSON.parse(manifest.replace(PLACEHOLDER, 'x'));
  const localizations = {};
  for (const { file } of parsed.localizationInfo?.additionalLanguages ?? []) {
    const full = path.join(manifestDir, file);
    if (fs.existsSync(full)) localizations[file] = fs.readFileSync(full, 'utf8');
  }
  const icons = {};
  for (const file of Object.values(parsed.icons ?? {})) {
    const full = path.join(manifestDir, file);
    if (fs.existsSync(full)) icons[file] = fs.readFileSync(full);
  }
  return { manifest, localizations, icons };
}

function writePackage(files, outDir) {
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, 'appPackage.zip');
  const zip = createZip(files);
  const readBack = readZip(zip);
  const sameEntries = readBack.length === files.length && readBack.every((entry, i) => entry.name === files[i].name && entry.data.equals(files[i].data));
  if (!sameEntries) throw new Error('the written ZIP does not read back to the same files');
  fs.writeFileSync(zipPath, zip);
  fs.writeFileSync(path.join(outDir, 'manifest.json'), files.find((file) => file.name === 'manifest.json').data);
  return zipPath;
}

async function build(env, outDir, label) {
  const { errors: inputErrors, values } = resolveValues(env);
  if (inputErrors.length) {
    console.error('Cannot build the Teams app package:');
    for (const error of inputErrors) console.error(`  - ${error}`);
    console.error('Usage: TEAMS_APP_ID=<guid> BOT_ID=<guid> BOT_DOMAIN=<host> node manifest/build.mjs   (or --check / --self-test)');
    return 2;
  }
  let sources;
  try {
    sources = readSources();
  } catch (error) {
    console.error(`Cannot read the manifest sources in ${path.relative(process.cwd(), manifestDir) || '.'}: ${error.message}`);
    return 1;
  }
  const { errors, files } = await buildPackage(values, sources);
  if (errors.length) {
    console.error(`Teams app package is NOT valid (${errors.length} problem${errors.length > 1 ? 's' : ''}):`);
    for (const error of errors) console.error(`  - ${error}`);
    return 1;
  }
  const zipPath = writePackage(files, outDir);
  console.log(`${label}: manifest v${JSON.parse(files[0].data).manifestVersion} valid against the bundled schema; icons OK`);
  console.log(`wrote ${path.relative(process.cwd(), zipPath)} (${files.map((file) => file.name).join(', ')})`);
  return 0;
}

// ---- self-test: each broken input must be rejected, and the sample must pass, or the checks prove nothing ----

function solidPng(size, rgba) {
  const png = new PNG({ width: size, height: size });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

async function selfTest() {
  const { values } = resolveValues(SAMPLE_ENV);
  const sources = readSources();
  const mutate = (edit) => {
    const manifest = JSON.parse(sources.manifest);
    edit(manifest);
    return { ...sources, manifest: JSON.stringify(manifest) };
  };
  const cases = [
    ['sample manifest and icons are accepted', true, async () => (await buildPackage(values, sources)).errors],
    ['bot scope "everywhere" is rejected by the schema', false, async () => (await buildPackage(values, mutate((m) => { m.bots[0].scopes = ['everywhere']; }))).errors],
    ['short name over 30 characters is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.name.short = 'An escalation bot with a very long name'; }))).errors],
    ['app id that is not a GUID is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.id = 'not-a-guid'; }))).errors],
    ['unknown top-level property is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.notAProperty = true; }))).errors],
    ['unbundled $schema version is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.$schema = m.$schema.replace('v1.22', 'v1.18'); }))).errors],
    ['Spanish file with an over-long short name is rejected', false, async () => {
      const es = JSON.parse(sources.localizations['es-es.json']);
      es['name.short'] = 'Escalaciones de reclamaciones de clientes';
      return (await buildPackage(values, { ...sources, localizations: { 'es-es.json': JSON.stringify(es) } })).errors;
    }],
    ['unknown key in the Spanish file is rejected', false, async () => {
      const es = JSON.parse(sources.localizations['es-es.json']);
      es['bots[0].commandLists[0].commands[0].titel'] = 'nueva';
      return (await buildPackage(values, { ...sources, localizations: { 'es-es.json': JSON.stringify(es) } })).errors;
    }],
    ['unknown placeholder is reported', false, async () => (await buildPackage(values, mutate((m) => { m.developer.name = '${{NOT_SET}}'; }))).errors],
    ['webApplicationInfo.id different from botId is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.webApplicationInfo.id = SAMPLE_ENV.TEAMS_APP_ID; }))).errors],
    ['missing "status" command is rejected', false, async () => (await buildPackage(values, mutate((m) => { m.bots[0].commandLists[0].commands.splice(2, 1); }))).errors],
    ['outline icon with a red pixel is rejected', false, async () => checkIcon('outline.png', solidPng(32, [255, 0, 0, 255]), 'outline')],
    ['outline icon without transparency is rejected', false, async () => checkIcon('outline.png', solidPng(32, [255, 255, 255, 255]), 'outline')],
    ['color icon of the wrong size is rejected', false, async () => checkIcon('color.png', solidPng(96, [194, 65, 12, 255]), 'color')],
    ['a file that is not a PNG is rejected', false, async () => checkIcon('color.png', Buffer.from('GIF89a'), 'color')],
    ['missing BOT_ID is refused', false, async () => resolveValues({ ...SAMPLE_ENV, BOT_ID: '' }).errors],
    ['BOT_DOMAIN with a scheme is refused', false, async () => resolveValues({ ...SAMPLE_ENV, BOT_DOMAIN: 'https://bot.example.com' }).errors],
    ['TEAMS_APP_ID that is not a GUID is refused', false, async () => resolveValues({ ...SAMPLE_ENV, TEAMS_APP_ID: '1234' }).errors],
    ['ZIP round-trips byte for byte', true, async () => {
      const entries = [{ name: 'a.json', data: Buffer.from('{"a":1}') }, { name: 'b.png', data: solidPng(4, [1, 2, 3, 4]) }];
      const back = readZip(createZip(entries));
      return back.length === 2 && back.every((e, i) => e.name === entries[i].name && e.data.equals(entries[i].data)) ? [] : ['mismatch'];
    }],
  ];
  let failed = 0;
  for (const [name, shouldPass, run] of cases) {
    const errors = await run();
    const ok = shouldPass ? errors.length === 0 : errors.length > 0;
    if (!ok) failed++;
    const detail = errors.length ? ` -> ${errors[0]}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}` : '';
    console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail}`);
  }
  console.log(`self-test: ${cases.length - failed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

async function main(args) {
  const known = new Set(['--check', '--self-test']);
  const unknown = args.filter((arg) => !known.has(arg));
  if (unknown.length || args.length > 1) {
    console.error(`Unknown or conflicting arguments: ${args.join(' ')}. Use no argument, --check or --self-test.`);
    return 2;
  }
  if (args[0] === '--self-test') return selfTest();
  if (args[0] === '--check') return build(SAMPLE_ENV, path.join(manifestDir, 'build', 'check'), 'check (sample values)');
  return build(process.env, path.join(manifestDir, 'build'), 'build');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
