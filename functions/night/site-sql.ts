// SQL pieces the site data queries share (site-queries*.ts), written once for both engines.

/** A time's calendar month as the site names it ("2026-10"): strftime with %Y and %m only, which both engines read alike. */
export const MONTH = (column: string): string => `strftime(${column}, '%Y-%m')`;

/** The attribution models, in the order the site shows them. */
export const MODELS = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path'] as const;
