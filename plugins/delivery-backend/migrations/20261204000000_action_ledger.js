// @ts-check

/**
 * What the action frame keeps so that an action happens once across backend replicas: each
 * request (by its idempotency scope) with its state and remembered answer, and a lock per target
 * so two different requests never act on one object at the same time. Times are milliseconds
 * since the epoch, so SQLite and PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_action_requests', table => {
    table.comment(
      'One action request per idempotency scope (caller, entity, key)',
    );
    table
      .string('scope_hash', 64)
      .primary()
      .comment('SHA-256 of the caller, the entity and the idempotency key');
    table.string('attempt_id', 64).notNullable().comment('Who holds it now');
    table.string('state', 16).notNullable().comment('pending or done');
    table.string('target', 512).notNullable();
    table.text('result').nullable().comment('The answer, as JSON, once done');
    table.bigInteger('created_at').notNullable();
    table
      .bigInteger('expires_at')
      .notNullable()
      .comment('Pending: the lease; done: until when the answer is replayed');
    table.index(['expires_at'], 'delivery_action_requests_expiry_idx');
  });
  await knex.schema.createTable('delivery_target_locks', table => {
    table.comment('At most one action per target (e.g. one Rollout) at a time');
    table.string('target', 512).primary();
    table.string('attempt_id', 64).notNullable();
    table.bigInteger('expires_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_target_locks');
  await knex.schema.dropTable('delivery_action_requests');
};
