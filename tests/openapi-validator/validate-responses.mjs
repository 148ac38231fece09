// Validates recorded HTTP responses against an OpenAPI 3.1 document with a real JSON Schema validator (npm `ajv`,
// draft 2020-12, the dialect of OpenAPI 3.1 schemas, with `ajv-formats`). For each recording it checks that the
// operation declares the status, that the content type is one the document declares for it, and that the body is
// valid against that schema. One JSON line per recording on stdout:
//   {"name":"<recording name>","errors":["<what is wrong>", ...]}
// A recording is fine when its errors are empty. Exit code 0 when every recording was checked (whatever the errors),
// 2 when the input could not be read or the document's schemas could not be compiled.
//
//   node tests/openapi-validator/validate-responses.mjs <openapi.json> <recordings.json>
//
// recordings.json is an array of {"name","operationId","status","contentType","body"}; body is the response text.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

const DOCUMENT_ID = 'urn:teb:openapi';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function main() {
  const [documentPath, recordingsPath] = process.argv.slice(2);
  if (!documentPath || !recordingsPath) {
    console.error('usage: node validate-responses.mjs <openapi.json> <recordings.json>');
    process.exit(2);
  }

  let document, recordings;
  try {
    document = JSON.parse(readFileSync(documentPath, 'utf8'));
    recordings = JSON.parse(readFileSync(recordingsPath, 'utf8'));
  } catch (error) {
    console.error(`cannot read the input: ${error.message}`);
    process.exit(2);
  }

  const ajv = createValidator(document);
  const operations = operationsById(document);
  for (const recording of recordings) {
    process.stdout.write(JSON.stringify({ name: recording.name, errors: check(ajv, operations, recording) }) + '\n');
  }
}

/** The document as one schema resource, so that "#/components/schemas/…" references resolve inside it. */
function createValidator(document) {
  // strict: false because an OpenAPI document around the schemas has keywords JSON Schema does not know (paths,
  // responses, and OpenAPI's own schema annotations such as example); they are ignored, never treated as constraints.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI's number formats, which ajv-formats does not define.
  ajv.addFormat('int32', { type: 'number', validate: n => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat('int64', { type: 'number', validate: n => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  try {
    ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  } catch (error) {
    console.error(`the document's schemas do not compile: ${error.message}`);
    process.exit(2);
  }
  return ajv;
}

function operationsById(document) {
  const operations = new Map();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation?.operationId) {
        operations.set(operation.operationId, { path, method, operation });
      }
    }
  }
  return operations;
}

function check(ajv, operations, recording) {
  const found = operations.get(recording.operationId);
  if (!found) {
    return [`operation ${recording.operationId} is not in the document`];
  }

  const status = String(recording.status);
  const responses = found.operation.responses ?? {};
  const key = [status, `${status[0]}XX`, 'default'].find(k => k in responses);
  if (!key) {
    return [`${found.method.toUpperCase()} ${found.path} does not declare status ${status} (declared: ${Object.keys(responses).join(', ')})`];
  }

  const content = responses[key].content ?? {};
  const mediaType = (recording.contentType ?? '').split(';')[0].trim().toLowerCase();
  if (Object.keys(content).length === 0) {
    return recording.body ? [`status ${status} declares no body, but one was sent (${mediaType || 'no content type'})`] : [];
  }

  if (!(mediaType in content)) {
    return [`status ${status} declares ${Object.keys(content).join(', ')}, but the response is '${mediaType || 'no content type'}'`];
  }

  let body;
  try {
    body = JSON.parse(recording.body);
  } catch (error) {
    return [`the body is not JSON: ${error.message}`];
  }

  const pointer = ['paths', found.path, found.method, 'responses', key, 'content', mediaType, 'schema']
    .map(part => part.replaceAll('~', '~0').replaceAll('/', '~1'))
    .join('/');
  const validate = ajv.getSchema(`${DOCUMENT_ID}#/${pointer}`);
  if (!validate) {
    return [`no schema at #/${pointer}`];
  }

  return validate(body) ? [] : validate.errors.map(e => `${e.instancePath || '(body)'} ${e.message} (${e.schemaPath} ${JSON.stringify(e.params)})`);
}

main();
