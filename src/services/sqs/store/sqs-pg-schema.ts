// TEMPORARY scaffolding: replaced by the port.
export const SQS_PG_MIGRATIONS: readonly string[] = [];
