// @ts-check

/**
 * The delivery event store behind the DORA figures: deploys seen in Argo CD's history, actions
 * performed through the portal and incident signals, kept after Argo CD forgets them (it keeps
 * only `revisionHistoryLimit` entries). Each event's id is derived from the upstream fact, so
 * seeing it again inserts nothing. Times are milliseconds since the epoch, so SQLite and
 * PostgreSQL compare them the same way.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('delivery_events', table => {
    table.comment(
      'One delivery event (deploy, rollback, abort, incident signal)',
    );
    table
      .string('id', 80)
      .primary()
      .comment('Kind and a hash of the upstream fact it records');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment(
        'Lowercase entity reference, e.g. component:default/payments-api',
      );
    table.string('kind', 16).notNullable();
    table.string('environment', 63).notNullable();
    table
      .bigInteger('at')
      .notNullable()
      .comment('When it happened (a deploy: its start)');
    table
      .bigInteger('finished_at')
      .nullable()
      .comment('When a deploy finished');
    table
      .bigInteger('committed_at')
      .nullable()
      .comment('When the deployed commit was made');
    table.string('instance', 63).nullable();
    table.string('application', 255).nullable();
    table.string('revision', 255).nullable();
    table.string('image', 512).nullable();
    table.string('result', 16).nullable();
    table.string('source', 16).notNullable();
    table.text('summary').notNullable();
    table.index(['entity_ref', 'at'], 'delivery_events_entity_time_idx');
    table.index(['revision'], 'delivery_events_revision_idx');
  });
  await knex.schema.createTable('delivery_event_collections', table => {
    // No apostrophes in comments: knex does not escape them in PostgreSQL's COMMENT ON.
    table.comment('The last collector pass over each entity');
    table.string('entity_ref', 255).primary();
    table.bigInteger('collected_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('delivery_event_collections');
  await knex.schema.dropTable('delivery_events');
};
