import type { Generated } from 'kysely';
import type { NewsPostId, UnitId, UserId } from '../../shared/ids.js';
import type { NewsStatus } from '../../shared/news.js';

export interface NewsPostsTable {
  id: Generated<NewsPostId>;
  unit_id: UnitId;
  slug: string;
  title: string;
  body: string;
  image_media_id: number | null;
  status: Generated<NewsStatus>;
  publish_at: number;
  created_by: UserId;
  created_at: number;
  updated_at: number;
}
