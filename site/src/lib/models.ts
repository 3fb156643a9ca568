// The attribution models, in the order the site shows them: apart from the data contract (schema.ts), so the list
// page's script can name them without bundling the contract's validator.

/** The six attribution models. */
export const models = ['first_touch', 'last_touch', 'linear', 'u_shaped', 'w_shaped', 'full_path'] as const;
