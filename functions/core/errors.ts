/** Typed errors: each says what went wrong, where, and what to do about it. */

/** A config file or value that cannot be used; names the key and the fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** An export file that cannot be read at all (not a row problem: the whole file). */
export class ExportUnreadableError extends Error {
  override name = 'ExportUnreadableError';
  readonly file: string;
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.file = file;
  }
}

/** A file whose header lacks columns the connector cannot do without. */
export class MissingColumnsError extends ExportUnreadableError {
  override name = 'MissingColumnsError';
  readonly missing: string[];
  constructor(file: string, object: string, missing: string[]) {
    super(file, `the ${object} export has no ${missing.map((m) => `"${m}"`).join(', ')} column${missing.length > 1 ? 's' : ''}; export it with ${missing.length > 1 ? 'these fields' : 'this field'} included`);
    this.missing = missing;
  }
}

/** A SQL model that failed; carries the model name so the operator knows where to look. */
export class ModelError extends Error {
  override name = 'ModelError';
  readonly model: string;
  constructor(model: string, cause: unknown) {
    super(`model ${model} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.model = model;
  }
}

/** The output folder cannot be used: it holds files Handoff did not write, sits inside the exports, or another night holds it. */
export class OutputFolderError extends Error {
  override name = 'OutputFolderError';
}

/** Another night is writing into the same output folder; names the holder (pid, host, start time). */
export class OutputLockedError extends OutputFolderError {
  override name = 'OutputLockedError';
}
