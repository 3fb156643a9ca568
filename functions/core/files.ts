import { copyFileSync, linkSync, rmSync } from 'node:fs';

// Why a link cannot be made: another disk (EXDEV), a file system without links (EPERM, ENOTSUP), too many links (EMLINK).
const NO_LINK = ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK'];

/**
 * Puts `source` at `target` as a hard link (no bytes copied), or as a copy where no link can be made. Safe only for a
 * file nobody rewrites in place: the night writes each file anew (a model's beside its name, then renamed over it).
 */
export function linkOrCopy(source: string, target: string): void {
  rmSync(target, { force: true });
  try {
    linkSync(source, target);
  } catch (error) {
    if (!NO_LINK.includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    copyFileSync(source, target);
  }
}
