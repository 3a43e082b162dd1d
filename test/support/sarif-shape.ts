/**
 * The parts of SARIF 2.1.0 (OASIS standard) that distroready emits, as a JSON Schema:
 * required properties and value ranges as the specification states them (§3.13 sarifLog,
 * §3.14 run, §3.18 tool, §3.19 toolComponent, §3.49 reportingDescriptor, §3.27 result,
 * §3.11 message, §3.28 location, §3.29 physicalLocation, §3.4 artifactLocation, §3.30 region,
 * §3.55 fix, §3.56 artifactChange, §3.57 replacement, §3.3 artifactContent).
 */
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const level = { enum: ['none', 'note', 'warning', 'error'] };

const region = {
  type: 'object',
  required: ['startLine'],
  properties: { startLine: { type: 'integer', minimum: 1 }, startColumn: { type: 'integer', minimum: 1 } },
};

const location = {
  type: 'object',
  required: ['physicalLocation'],
  properties: {
    physicalLocation: {
      type: 'object',
      required: ['artifactLocation', 'region'],
      properties: {
        artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string', minLength: 1 }, uriBaseId: { type: 'string' } } },
        region,
      },
    },
  },
};

const fix = {
  type: 'object',
  required: ['artifactChanges'],
  properties: {
    description: message,
    artifactChanges: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['artifactLocation', 'replacements'],
        properties: {
          artifactLocation: { type: 'object', required: ['uri'], properties: { uri: { type: 'string', minLength: 1 }, uriBaseId: { type: 'string' } } },
          replacements: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['deletedRegion'],
              properties: {
                deletedRegion: { type: 'object', required: ['startLine'], properties: { startLine: { type: 'integer', minimum: 1 }, endLine: { type: 'integer', minimum: 1 } } },
                insertedContent: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
};

const rule = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'string', minLength: 1 },
    shortDescription: message,
    fullDescription: message,
    help: message,
    defaultConfiguration: { type: 'object', properties: { level } },
    properties: { type: 'object' },
  },
};

const result = {
  type: 'object',
  required: ['message', 'ruleId', 'level'],
  properties: {
    ruleId: { type: 'string' },
    ruleIndex: { type: 'integer', minimum: -1 },
    level,
    message,
    locations: { type: 'array', items: location },
    fixes: { type: 'array', items: fix },
    properties: { type: 'object' },
  },
};

export const sarifShape = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    $schema: { type: 'string', pattern: '^https://' },
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: { driver: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, version: { type: 'string' }, rules: { type: 'array', items: rule } } } },
          },
          results: { type: 'array', items: result },
        },
      },
    },
  },
};
