/** A string that a parser or constructor vouched for: `FunctionArn` cannot be passed where a `RoleArn` is due. */
declare const brand: unique symbol;

export type Branded<T extends string> = string & { readonly [brand]: T };
