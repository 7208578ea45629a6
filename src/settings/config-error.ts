import { SettingsFailure } from '../failures';

/** A configuration error: names the variable and says what is wrong with it. The run stops with exit code 2. */
export class ConfigError extends SettingsFailure {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
    this.record();
  }
}
