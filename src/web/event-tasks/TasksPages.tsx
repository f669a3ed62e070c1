/**
 * Preparation tasks: the organiser's page of an event (overdue first, add and edit) and a unit's page where its
 * managers report status and a note on the tasks assigned to them.
 */
import { useState } from 'preact/hooks';
import { taskStatuses, type TaskStatus } from '../../shared/event-tasks.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { useEditableList } from './editable-list.js';

type Task = Answer<'GET /api/events/:id/tasks'>['tasks'][number];

const toLocalInput = (iso: string) => {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function StatusSelect({ id, value, onValue }: { id: string; value: TaskStatus; onValue(v: TaskStatus): void }) {
  return (
    <div class="field">
      <label for={id}>{t('tasks.status')}</label>
      <select id={id} value={value} onChange={(e) => onValue((e.target as HTMLSelectElement).value as TaskStatus)}>
        {taskStatuses.map((s) => (
          <option key={s} value={s}>
            {t(`tasks.status.${s}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function TaskSummary({ task, showEvent }: { task: Task; showEvent?: boolean }) {
  return (
    <>
      <h3>{task.title}</h3>
      <p>
        <span class={`badge${task.status === 'done' ? ' badge--published' : task.overdue || task.status === 'blocked' ? ' badge--unpublished' : ''}`}>
          {task.overdue ? t('tasks.overdue') : t(`tasks.status.${task.status}`)}
        </span>{' '}
        {t('tasks.deadline', { time: formatDateTime(language.value, task.deadline) })}
      </p>
      <p>
        <strong>{task.unit.fullName}</strong>
        {showEvent ? <span class="muted"> · {task.eventTitle}</span> : null}
      </p>
      {task.details ? <p>{task.details}</p> : null}
      {task.note ? <p class="muted">{t('tasks.noteIs', { note: task.note })}</p> : null}
      <p class="muted">{t('tasks.updated', { name: task.updatedBy.fullName, time: formatDateTime(language.value, task.updatedAt) })}</p>
    </>
  );
}

function TaskForm({ eventId, task, onSaved, onCancel }: { eventId: number; task: Task | null; onSaved(): void; onCancel?(): void }) {
  const [title, setTitle] = useState(task?.title ?? '');
  const [details, setDetails] = useState(task?.details ?? '');
  const [unitCode, setUnitCode] = useState(task?.unit.code ?? '');
  const [deadline, setDeadline] = useState(task ? toLocalInput(task.deadline) : '');
  const [status, setStatus] = useState<TaskStatus>(task?.status ?? 'todo');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { title, details, unitCode: unitCode.trim(), deadline: new Date(deadline).toISOString(), status };
    const params = { id: eventId };
    const saved = await run(() => (task ? api('PATCH /api/events/:id/tasks/:taskId', { params: { ...params, taskId: task.id }, body }) : api('POST /api/events/:id/tasks', { params, body })));
    if (saved) onSaved();
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{task ? t('tasks.edit') : t('tasks.new')}</h2>
      <FormError error={error} />
      <TextField name="taskTitle" label={t('tasks.titleField')} required value={title} onValue={setTitle} error={fieldError('title')} maxLength={300} />
      <TextArea label={t('tasks.details')} value={details} onValue={setDetails} error={fieldError('details')} />
      <TextField name="unitCode" label={t('tasks.unitCode')} hint={t('tasks.unitCodeHint')} required value={unitCode} onValue={setUnitCode} error={fieldError('unitCode')} maxLength={32} />
      <TextField name="deadline" type="datetime-local" label={t('tasks.deadlineField')} required value={deadline} onValue={setDeadline} error={fieldError('deadline')} />
      <StatusSelect id={`status-${task?.id ?? 'new'}`} value={status} onValue={setStatus} />
      <button class="button" type="submit" disabled={busy || !title.trim() || !unitCode.trim() || !deadline}>
        {t('common.save')}
      </button>
      {onCancel ? (
        <button class="button button--secondary" type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}

export function EventTasksPage({ id }: { id: string }) {
  const eventId = Number(id);
  const { data, error, reload } = useApi('GET /api/events/:id/tasks', { params: { id: eventId } });
  const { editing, setEditing, formKey, saved } = useEditableList(reload);
  const remove = useSubmit();
  const del = async (task: Task) => {
    if (!window.confirm(t('tasks.deleteConfirm', { title: task.title }))) return;
    if (await remove.run(() => api('DELETE /api/events/:id/tasks/:taskId', { params: { id: eventId, taskId: task.id } }))) reload();
  };
  return (
    <div class="wide">
      <p>
        <a class="back-link" href={`/organise/events/${eventId}`}>← {t('tasks.backToEvent')}</a>
      </p>
      <h1>{t('tasks.title')}</h1>
      {data ? <p>{data.overdueCount > 0 ? <strong class="danger">{t('tasks.overdueCount', { count: data.overdueCount })}</strong> : t('tasks.noneOverdue')}</p> : null}
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.tasks.length === 0 ? <p>{t('tasks.none')}</p> : null}
      <FormError error={remove.error} />
      <ul class="plain-list">
        {data?.tasks.map((task) =>
          editing === task.id ? (
            <li key={task.id}>
              <TaskForm eventId={eventId} task={task} onSaved={saved} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={task.id} class="card">
              <TaskSummary task={task} />
              <div class="toolbar">
                <button class="button button--secondary" type="button" onClick={() => setEditing(task.id)}>
                  {t('tasks.editButton')}
                </button>
                <button class="button button--secondary danger" type="button" disabled={remove.busy} onClick={() => del(task)}>
                  {t('tasks.delete')}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {data ? <TaskForm key={formKey} eventId={eventId} task={null} onSaved={saved} /> : null}
    </div>
  );
}

function ReportForm({ task, onSaved }: { task: Task; onSaved(): void }) {
  const [status, setStatus] = useState<TaskStatus>(task.status);
  const [note, setNote] = useState(task.note);
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    if (await run(() => api('PATCH /api/event-tasks/:id', { params: { id: task.id }, body: { status, note } }))) onSaved();
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={error} />
      <StatusSelect id={`report-${task.id}`} value={status} onValue={setStatus} />
      <TextArea label={t('tasks.note')} hint={t('tasks.noteHint')} value={note} onValue={setNote} error={fieldError('note')} rows={2} />
      <button class="button" type="submit" disabled={busy}>
        {t('tasks.report')}
      </button>
    </form>
  );
}

export function UnitTasksPage({ code }: { code: string }) {
  const { data, error, reload } = useApi('GET /api/units/:code/event-tasks', { params: { code } });
  return (
    <div class="wide">
      <p>
        <a class="back-link" href={`/dashboard/${encodeURIComponent(code)}`}>← {t('nav.dashboard')}</a>
      </p>
      <h1>{t('tasks.unitTitle')}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.tasks.length === 0 ? <p>{t('tasks.unitNone')}</p> : null}
      <ul class="plain-list">
        {data?.tasks.map((task) => (
          <li key={`${task.id}-${task.updatedAt}`} class="card">
            <TaskSummary task={task} showEvent />
            <ReportForm task={task} onSaved={reload} />
          </li>
        ))}
      </ul>
    </div>
  );
}
