// @ts-check

/**
 * Coverage reports: one row per entity and commit (a re-upload replaces it), with per-package and
 * per-file figures. Children are deleted explicitly by the store as well, because SQLite only
 * enforces the cascade when foreign keys are switched on.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('coverage_reports', table => {
    table.comment('One coverage report per entity and commit');
    table.increments('id').primary();
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment(
        'Lowercase entity reference, e.g. component:default/payments-api',
      );
    table
      .string('commit_sha', 64)
      .notNullable()
      .comment('Full lowercase hex SHA');
    table.string('branch', 255).notNullable();
    table.string('format', 16).notNullable().comment('go, cobertura or lcov');
    table.string('unit', 16).notNullable().comment('statements or lines');
    table.integer('covered').notNullable();
    table.integer('total').notNullable();
    table.integer('package_count').notNullable();
    table.integer('file_count').notNullable();
    table.timestamp('uploaded_at', { useTz: true }).notNullable();
    table.unique(['entity_ref', 'commit_sha'], {
      indexName: 'coverage_reports_entity_commit_uniq',
    });
    table.index(
      ['entity_ref', 'uploaded_at'],
      'coverage_reports_entity_time_idx',
    );
    table.index(
      ['entity_ref', 'branch', 'uploaded_at'],
      'coverage_reports_entity_branch_time_idx',
    );
  });

  await knex.schema.createTable('coverage_packages', table => {
    table.comment('Per-package figures of a coverage report');
    table
      .integer('report_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('coverage_reports')
      .onDelete('CASCADE');
    table.text('name').notNullable();
    table.integer('covered').notNullable();
    table.integer('total').notNullable();
    table.index(['report_id'], 'coverage_packages_report_idx');
  });

  await knex.schema.createTable('coverage_files', table => {
    table.comment('Per-file figures of a coverage report');
    table
      .integer('report_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('coverage_reports')
      .onDelete('CASCADE');
    table.text('package').notNullable();
    table.text('path').notNullable();
    table.integer('covered').notNullable();
    table.integer('total').notNullable();
    table.index(['report_id'], 'coverage_files_report_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('coverage_files');
  await knex.schema.dropTable('coverage_packages');
  await knex.schema.dropTable('coverage_reports');
};
