/** What each staged row will do (or did) to the dataset table. */
export const ROW_ACTIONS = ['insert', 'update', 'unchanged', 'skip', 'conflict', 'duplicate', 'invalid'] as const;
export type RowAction = (typeof ROW_ACTIONS)[number];

/** A plan's counts: every row once under `total`, once under its action; `valid` = not invalid. */
export type PlanCounts = Record<RowAction, number> & { total: number; valid: number };

/** What a commit wrote, beside the plan it applied. */
export interface CommitCounts {
  inserted: number;
  updated: number;
}

/** What an undo did. */
export interface UndoCounts {
  deleted: number;
  restored: number;
  /** Records changed since the import, left as they are. */
  refused: number;
}

/** An import's counts as the API shows them: filled in as it is planned, committed and undone. */
export type ImportCounts = Partial<PlanCounts & CommitCounts> & { undo?: UndoCounts };
