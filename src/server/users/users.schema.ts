import Type from 'typebox';
import type { UserId } from '../../shared/ids.js';
import { Id } from '../http/schemas.js';

export const UserIdParams = Type.Object({ id: Id<UserId>() });
