/**
 * Reads the conformance reports to compare. Only what the comparison uses is checked (docs/conformance-json
 * .schema.json has the rest), so that a report written by another version of the suite, with fields this one
 * does not know, is still read as long as its formatVersion is one this version understands.
 */
import { readText } from '../read-text';
import Ajv, { type ValidateFunction } from 'ajv';
import { isRecord } from '../json';
import {
  FORMAT_VERSION,
  WAIVER_STATES,
  type ConformanceReport,
  type RequirementStatus,
} from '../reporter/model';

/** Every formatVersion of conformance.json this version of compare reads. */
export const KNOWN_FORMAT_VERSIONS: readonly number[] = [FORMAT_VERSION];

const STATUSES: readonly RequirementStatus[] = [
  'passed',
  'failed',
  'waived',
  'inconclusive',
  'skipped',
  'not-applicable',
  'not-run',
];

/** The part of a report the comparison reads. */
export interface ComparedReport {
  suite: ConformanceReport['suite'];
  run: Pick<ConformanceReport['run'], 'target' | 'profile' | 'readOnly' | 'date' | 'verdict'>;
  requirements: Pick<ConformanceReport['requirements'][number], 'id' | 'title' | 'status' | 'waiver'>[];
}

export interface LoadedRun {
  /** The path as the user gave it. */
  file: string;
  report: ComparedReport;
}

/** A report that cannot be compared: the message names the file. */
export class CompareInputError extends Error {}

const str = { type: 'string' };
const REPORT_SHAPE = {
  type: 'object',
  required: ['formatVersion', 'suite', 'run', 'requirements'],
  properties: {
    suite: { type: 'object', required: ['name', 'version'], properties: { name: str, version: str } },
    run: {
      type: 'object',
      required: ['target', 'profile', 'date', 'verdict'],
      properties: {
        target: {
          type: 'object',
          required: ['url', 'builtIn'],
          properties: {
            url: { type: ['string', 'null'] },
            builtIn: { type: 'boolean' },
            referenceFaults: { type: 'array', items: str },
          },
        },
        profile: str,
        readOnly: { type: 'boolean' },
        date: str,
        verdict: { enum: ['conforms', 'does-not-conform', 'incomplete'] },
      },
    },
    requirements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status'],
        properties: {
          id: { type: 'string', minLength: 1 },
          title: str,
          status: { enum: STATUSES },
          waiver: {
            type: 'object',
            required: ['state', 'expires', 'reason'],
            properties: { state: { enum: WAIVER_STATES }, expires: str, reason: str },
          },
        },
      },
    },
  },
} as const;

/** Compiled on first use, not when the command starts: a conformance run never needs it. */
let validate: ValidateFunction | undefined;

function parse(file: string): unknown {
  const read = readText(file);
  if ('problem' in read) throw new CompareInputError(`${file}: ${read.problem}`);
  const { text } = read;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CompareInputError(`${file}: not JSON (${(error as Error).message})`);
  }
}

/** The report in `file`, or a CompareInputError naming it. */
export function loadRun(file: string): LoadedRun {
  const data = parse(file);
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (!isRecord(data) || version === undefined)
    throw new CompareInputError(`${file}: not a conformance report (no formatVersion; see conformance.json)`);
  if (typeof version !== 'number' || !KNOWN_FORMAT_VERSIONS.includes(version))
    throw new CompareInputError(
      `${file}: conformance report of formatVersion ${JSON.stringify(version)}, which this version reads not ` +
        `(it reads ${KNOWN_FORMAT_VERSIONS.join(', ')})`,
    );
  validate ??= new Ajv({ allErrors: false }).compile(REPORT_SHAPE);
  if (!validate(data)) {
    const error = validate.errors?.[0];
    throw new CompareInputError(
      `${file}: not a conformance report: ${error?.instancePath || '(top)'} ${error?.message ?? ''}`.trimEnd(),
    );
  }
  const report = data as unknown as ComparedReport;
  const seen = new Set<string>();
  for (const { id } of report.requirements) {
    if (seen.has(id)) throw new CompareInputError(`${file}: requirement ${id} is listed twice`);
    seen.add(id);
  }
  return { file, report };
}
