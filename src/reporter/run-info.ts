import { DEFAULT_PROFILE } from '../settings/default-profile';
import { waiversFromEnv, type Waiver } from '../settings/waivers';

/**
 * What the conformance report says about the run's target, recorded in the Playwright config's metadata when
 * the config loads, so that it travels with blob reports into `playwright merge-reports`: a merged report
 * applies the waivers its runs were given. Never a secret: the URL loses any credentials, query and fragment,
 * and the token is not read at all.
 */
export interface RunMetadata {
  /** The target's base URL; absent when the built-in reference server is the target. */
  targetUrl?: string;
  profile: string;
  readOnly: boolean;
  /** Fault modes of the built-in reference server, when it is the target. */
  referenceFaults?: string[];
  /** The waivers of CONFORMANCE_WAIVERS, when it names a file. */
  waivers?: Waiver[];
}

export const METADATA_KEY = 'conformance';

/** The URL without user name, password, query or fragment; undefined when it is not a URL. */
export function safeUrl(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const url = new URL(text.trim());
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

export function runMetadata(env: Record<string, string | undefined>): RunMetadata {
  const targetUrl = safeUrl(env.TARGET_URL);
  const faults = (env.REFERENCE_FAULTS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const waivers = waiversFromEnv(env);
  return {
    ...(targetUrl ? { targetUrl } : {}),
    profile: env.TARGET_PROFILE || DEFAULT_PROFILE,
    readOnly: env.TARGET_READ_ONLY === '1',
    ...(!targetUrl && faults.length > 0 ? { referenceFaults: faults } : {}),
    ...(waivers.length > 0 ? { waivers } : {}),
  };
}
