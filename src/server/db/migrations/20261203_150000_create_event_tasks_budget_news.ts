import type { Kysely } from 'kysely';
import { withIdColumn } from '../dialect.js';

/**
 * What an event's preparation needs besides the event itself: tasks assigned to units (the plan's "tổ chức thực
 * hiện"), the budget lines, and the movement's announcements (news posts), which belong to a unit, not to an event.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withIdColumn(db, db.schema.createTable('event_tasks'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
    // Any unit (a department, the youth union, VNPT…): its managers update the task.
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('deadline', 'bigint', (c) => c.notNull())
    // todo, in_progress, done or blocked.
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('todo'))
    // Why it is blocked, or where it stands.
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_tasks_event_idx').on('event_tasks').columns(['event_id', 'deadline']).execute();
  await db.schema.createIndex('event_tasks_unit_idx').on('event_tasks').columns(['unit_id', 'deadline']).execute();

  await withIdColumn(db, db.schema.createTable('event_budget_lines'))
    .addColumn('event_id', 'bigint', (c) => c.notNull().references('events.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('item', 'text', (c) => c.notNull())
    .addColumn('unit_of_measure', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    // Whole đồng; the amount is quantity × unit cost, computed, never stored.
    .addColumn('unit_cost', 'bigint', (c) => c.notNull())
    // science_and_technology_fund, sponsors or other.
    .addColumn('funding_source', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_budget_lines_event_idx').on('event_budget_lines').columns(['event_id', 'position']).execute();

  await withIdColumn(db, db.schema.createTable('news_posts'))
    .addColumn('unit_id', 'bigint', (c) => c.notNull().references('units.id'))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    // Markdown, rendered through the lessons' sanitiser.
    .addColumn('body', 'text', (c) => c.notNull())
    // An image of the media library (its id), for the page and the link preview; no foreign key, so that authors may still delete the file (the post then shows none).
    .addColumn('image_media_id', 'bigint')
    // draft or published; a published post is public from publish_at on.
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('publish_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('news_posts_public_idx').on('news_posts').columns(['status', 'publish_at']).execute();
  await db.schema.createIndex('news_posts_unit_idx').on('news_posts').columns(['unit_id', 'updated_at']).execute();
}
