// Validates Adaptive Card JSON files with the official renderer (npm `adaptivecards`, UMD bundle, plain Node, no browser)
// and adds the checks the renderer does not make, among them that no text is interpreted that the bot did not write
// itself: no markdown link or image and no <at> where Teams reads markdown, no date/time function, template expression
// or invisible character in anything a person reads. Teams' charts are known (teams-charts.cjs): the renderer takes
// their fallback, and a chart without one is reported. One JSON line per card on stdout:
//   {"card":"<file name>","events":[{"source":"parse|validate|check","event":"<name>","message":"<text>"}]}
// A card is fine when its events are empty. Exit code 0 when every file was read (whatever the events), 2 otherwise.
//
//   node tests/card-validator/validate.mjs <folder with *.json cards>
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
// The CommonJS entry point (lib/) does not load under Node; the UMD bundle does.
const AC = require('adaptivecards/dist/adaptivecards.js');
// Teams' charts: the renderer renders their fallback, as a client without charts does (see teams-charts.cjs).
const CHART_TYPES = new Set(require('./teams-charts.cjs')(AC));

const TEAMS_VERSION = '1.5';
const MAX_REFRESH_USERS = 60;
// Teams' people picker: a ChoiceSet filled by Teams from Graph ("choices": [] is how Teams documents it). The renderer
// does not know Teams data queries and asks for a static choice; such a ChoiceSet is checked here instead.
const PEOPLE_DATASETS = ['graph.microsoft.com/users', 'graph.microsoft.com/users?scope=currentContext'];
// Text Teams reads as markdown (TextBlock, fact titles and values) where the bot never writes a link or an image itself.
const MARKDOWN_LINK = /!?\[[^\]]*\]\s*\(/;
// The renderer's own date and time functions (src/text-formatters.ts), which Teams evaluates too, and templating.
const TEXT_FUNCTION = /\{{2}(?:DATE|TIME)\(/;
const TEMPLATE_EXPRESSION = /\$\{/;
// Bidi controls and zero-width or invisible formatting characters: they hide or reorder what a person reads.
const INVISIBLE = /[\u200B\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

function main() {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node validate.mjs <folder with *.json cards>');
    process.exit(2);
  }

  const files = readdirSync(folder).filter(f => f.endsWith('.json')).sort();
  for (const file of files) {
    let events;
    try {
      events = validate(JSON.parse(readFileSync(path.join(folder, file), 'utf8')));
    } catch (error) {
      events = [{ source: 'read', event: 'Unreadable', message: String(error && error.message || error) }];
    }
    process.stdout.write(JSON.stringify({ card: file, events }) + '\n');
  }
}

function validate(json) {
  const events = [];
  const context = new AC.SerializationContext();
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push({ source: 'parse', event: AC.ValidationEvent[e.event], message: e.message });
  }

  const pickers = peoplePickers(json);
  for (const e of card.validateProperties().validationEvents) {
    const isPeoplePicker = e.event === AC.ValidationEvent.CollectionCantBeEmpty
      && e.source instanceof AC.ChoiceSetInput && pickers.has(e.source.id);
    if (!isPeoplePicker) {
      events.push({ source: 'validate', event: AC.ValidationEvent[e.event], message: e.message });
    }
  }

  return events.concat(checks(json));
}

/** Ids of ChoiceSets with no static choice that Teams fills from a Graph people query. */
function peoplePickers(json) {
  const ids = new Set();
  for (const node of walk(json)) {
    const query = node['choices.data'];
    if (node.type === 'Input.ChoiceSet' && Array.isArray(node.choices) && node.choices.length === 0 && query
      && query.type === 'Data.Query' && PEOPLE_DATASETS.includes(query.dataset)) {
      ids.add(node.id);
    }
  }
  return ids;
}

/** What the renderer does not check (unknown element types, size, Teams-only rules), and the Teams rules we rely on. */
function checks(json) {
  const found = [];
  const fail = (event, message) => found.push({ source: 'check', event, message });
  if (json === null || typeof json !== 'object' || json.type !== 'AdaptiveCard') {
    fail('MissingRootType', 'The root must have "type": "AdaptiveCard".');
  }
  if (json && json.version !== TEAMS_VERSION) {
    fail('WrongVersion', `The card version must be "${TEAMS_VERSION}" (Teams bots), not "${json && json.version}".`);
  }
  if (json && json.refresh) {
    const action = json.refresh.action;
    if (!action || action.type !== 'Action.Execute') {
      fail('RefreshNotExecute', 'refresh.action must be an Action.Execute.');
    }
    if (Array.isArray(json.refresh.userIds) && json.refresh.userIds.length > MAX_REFRESH_USERS) {
      fail('TooManyRefreshUsers', `refresh.userIds lists ${json.refresh.userIds.length} users; Teams refreshes at most ${MAX_REFRESH_USERS}.`);
    }
  }

  for (const [where, text, markdown] of texts(json)) {
    if (markdown && MARKDOWN_LINK.test(text)) {
      fail('MarkdownLink', `${where} is markdown in Teams and holds a link or image: ${shorten(text)}`);
    }
    if (markdown && /<\/?at\b/i.test(text)) {
      fail('MentionTag', `${where} is markdown in Teams and holds an <at> tag: ${shorten(text)}`);
    }
    if (TEXT_FUNCTION.test(text) || text.includes('{{')) {
      fail('TextFunction', `${where} holds a date or time function: ${shorten(text)}`);
    }
    if (TEMPLATE_EXPRESSION.test(text)) {
      fail('TemplateExpression', `${where} holds a template expression: ${shorten(text)}`);
    }
    if (INVISIBLE.test(text)) {
      fail('InvisibleCharacter', `${where} holds a bidi control or zero-width character: ${shorten(text)}`);
    }
  }

  for (const node of walk(json)) {
    if (CHART_TYPES.has(node.type) && (node.fallback === null || typeof node.fallback !== 'object')) {
      fail('ChartWithoutFallback', `${node.type} has no fallback element: clients without charts would show nothing in its place.`);
    }
    switch (node.type) {
      case 'Action.Execute':
        if (typeof node.verb !== 'string' || node.verb.trim() === '') {
          fail('ExecuteWithoutVerb', `Action.Execute "${node.title}" has no verb.`);
        }
        break;
      case 'FactSet':
        if (!Array.isArray(node.facts) || node.facts.length === 0) {
          fail('EmptyFactSet', 'A FactSet has no facts.');
        }
        break;
      case 'Image':
        if (typeof node.url !== 'string' || node.url.trim() === '') {
          fail('ImageWithoutUrl', 'An Image has no url.');
        }
        break;
      case 'Action.ShowCard':
        if (!node.card || node.card.type !== 'AdaptiveCard') {
          fail('ShowCardWithoutCard', `Action.ShowCard "${node.title}" has no AdaptiveCard.`);
        }
        break;
      case 'Input.ChoiceSet':
        if (node['choices.data'] && node.style !== 'filtered') {
          fail('DynamicChoicesNotFiltered', `Input.ChoiceSet "${node.id}" with choices.data must use style "filtered".`);
        }
        if (node['choices.data'] && !PEOPLE_DATASETS.includes(node['choices.data'].dataset)) {
          fail('UnknownDataset', `Input.ChoiceSet "${node.id}" queries an unknown dataset "${node['choices.data'].dataset}".`);
        }
        break;
    }
  }
  return found;
}

/**
 * Every text a person reads, as [where, text, isMarkdownInTeams]: TextBlock text, fact titles and values (markdown),
 * TextRuns, input values and placeholders, choice titles, labels, action titles and the fallback text (shown as is).
 */
function* texts(json) {
  for (const node of walk(json)) {
    const type = node.type || (Array.isArray(node.facts) ? 'FactSet' : '');
    if (type === 'TextBlock' && typeof node.text === 'string') yield ['TextBlock', node.text, true];
    if (type === 'FactSet') {
      for (const fact of node.facts || []) {
        if (fact && typeof fact.title === 'string') yield ['Fact title', fact.title, true];
        if (fact && typeof fact.value === 'string') yield ['Fact value', fact.value, true];
      }
    }
    if (type === 'TextRun' && typeof node.text === 'string') yield ['TextRun', node.text, false];
    if (type === 'Input.Text' && typeof node.value === 'string') yield ['Input.Text value', node.value, false];
    if (type === 'Input.ChoiceSet') {
      for (const choice of node.choices || []) {
        if (choice && typeof choice.title === 'string') yield ['Choice title', choice.title, false];
      }
    }
    for (const key of ['label', 'placeholder', 'errorMessage', 'fallbackText']) {
      if (typeof node[key] === 'string') yield [key, node[key], false];
    }
    if (typeof node.type === 'string' && node.type.startsWith('Action.') && typeof node.title === 'string') yield ['Action title', node.title, false];
    if (CHART_TYPES.has(type)) {
      for (const key of ['title', 'xAxisTitle', 'yAxisTitle']) {
        if (typeof node[key] === 'string') yield [`${type} ${key}`, node[key], false];
      }
      for (const series of Array.isArray(node.data) ? node.data : []) {
        if (series && typeof series.legend === 'string') yield [`${type} legend`, series.legend, false];
        for (const value of series && Array.isArray(series.values) ? series.values : []) {
          if (value && typeof value.x === 'string') yield [`${type} x`, value.x, false];
        }
      }
    }
  }
}

function shorten(text) {
  const cut = text.length > 120 ? text.slice(0, 120) + '…' : text;
  return JSON.stringify(cut);
}

/** Every object in the card, depth first. */
function* walk(node) {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
  } else if (node !== null && typeof node === 'object') {
    yield node;
    for (const value of Object.values(node)) yield* walk(value);
  }
}

main();
