/** Words of an event's preparation tasks and budget, which both the server and the PWA use. */
export const taskStatuses = ['todo', 'in_progress', 'done', 'blocked'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const fundingSources = ['science_and_technology_fund', 'sponsors', 'other'] as const;
export type FundingSource = (typeof fundingSources)[number];

/** A task is overdue once its deadline has passed and it is not done. */
export const isOverdue = (task: { deadline: number; status: TaskStatus }, now: number) => task.status !== 'done' && task.deadline < now;
