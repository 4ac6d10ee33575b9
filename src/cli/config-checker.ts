/**
 * The checks' common ground: one problem per bad setting, naming the setting, its source and the fix.
 */
import {
  describeSetting,
  type SettingName,
  type SettingsLayer,
  type SourcedValue,
  whereToSet,
} from './config-sources.ts';

/** One bad setting. */
export interface ConfigProblem {
  /** The setting and its source: `privateKey (env OKTA_CLIENT_PRIVATEKEY)`. */
  setting: string;
  problem: string;
  fix: string;
}

/** The configuration cannot work; every problem found is listed. */
export class CliConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** One problem on one line. */
export function formatProblem(problem: ConfigProblem): string {
  return `Configuration: ${problem.setting} ${problem.problem}. Fix: ${problem.fix}.`;
}

/** Collects one problem per bad setting while the settings are checked. */
export class Checker {
  readonly problems: ConfigProblem[] = [];
  constructor(private readonly settings: SettingsLayer) {}

  get(name: SettingName): SourcedValue | undefined {
    return this.settings[name];
  }

  fail(name: SettingName, problem: string, fix: string): undefined {
    this.problems.push({ setting: describeSetting(name, this.get(name)), problem, fix });
    return undefined;
  }

  missing(name: SettingName, what: string): undefined {
    return this.fail(name, 'is not set', `set ${what} with ${whereToSet(name)}`);
  }

  whole(name: SettingName, fallback: number, min: number, max: number, unit: string): number | undefined {
    const given = this.get(name);
    if (given === undefined) return fallback;
    const text = given.value.trim();
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
      return this.fail(
        name,
        `is "${given.value}", not a whole number of ${unit} from ${min} to ${max}`,
        `give e.g. ${fallback}`,
      );
    }
    return Number(text);
  }
}
