/**
 * A helper's in-person classes: upcoming first, then past ones, and the form to schedule one (team, hamlet, place,
 * time, course and the lessons it covers, team members present).
 */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { CourseId, LessonId, UserId } from '../../shared/ids.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type Answer, api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { Checkbox, FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Team = Answer<'GET /api/classes/teams'>['teams'][number];
type Summary = Answer<'GET /api/units/:code/classes'>['classes'][number];

const when = (iso: string) => formatDateTime(language.value, iso, 'Asia/Ho_Chi_Minh');

function ClassItem({ item }: { item: Summary }) {
  return (
    <li class="card">
      <a href={`/helper/classes/${item.id}`}>
        <strong>{item.course.title}</strong>
        <br />
        {when(item.startsAt)} · {item.placeName}
      </a>
      <p class="muted">
        {t(`classes.status.${item.status}`)} · {t('classes.attendeeCount', { count: item.attendeeCount })}
      </p>
    </li>
  );
}

function NewClassForm({ team }: { team: Team }) {
  const { route } = useLocation();
  const [place, setPlace] = useState('');
  const [unit, setUnit] = useState(team.unit.code);
  const [date, setDate] = useState('');
  const [time, setTime] = useState('08:00');
  const [duration, setDuration] = useState('90');
  const [courseId, setCourseId] = useState(0);
  const [lessonIds, setLessonIds] = useState<number[]>([]);
  const [helperIds, setHelperIds] = useState<number[]>([]);
  const catalog = useApi('GET /api/courses', { query: { limit: 100 } });
  const outline = useApi(courseId ? 'GET /api/courses/:id' : null, { params: { id: courseId } });
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const startsAt = new Date(`${date}T${time}:00+07:00`).toISOString();
    // The ids were the server's own, read back from the form's choices.
    const body = { placeName: place, startsAt, durationMinutes: Number(duration), courseId: courseId as CourseId, lessonIds: lessonIds as LessonId[], helperIds: helperIds as UserId[] };
    const made = await run(() => api('POST /api/units/:code/classes', { params: { code: unit }, body }));
    if (made) route(`/helper/classes/${made.id}`);
  };
  const toggle = (list: number[], id: number, on: boolean) => (on ? [...list, id] : list.filter((x) => x !== id));
  return (
    <form class="card" onSubmit={submit}>
      <h2>{t('classes.new')}</h2>
      <div class="field">
        <label for="class-unit">{t('classes.field.unit')}</label>
        <select id="class-unit" value={unit} onChange={(e) => setUnit((e.target as HTMLSelectElement).value)}>
          <option value={team.unit.code}>{t('classes.wholeUnit', { unit: team.unit.fullName })}</option>
          {team.hamlets.map((h) => (
            <option key={h.code} value={h.code}>
              {h.name}
            </option>
          ))}
        </select>
      </div>
      <TextField label={t('classes.field.place')} name="placeName" value={place} onValue={setPlace} required maxLength={120} error={fieldError('placeName')} />
      <TextField label={t('classes.field.date')} name="date" type="date" value={date} onValue={setDate} required />
      <TextField label={t('classes.field.time')} name="time" type="time" value={time} onValue={setTime} required error={fieldError('startsAt')} />
      <TextField label={t('classes.field.duration')} name="duration" type="number" inputMode="numeric" value={duration} onValue={setDuration} required error={fieldError('durationMinutes')} />
      <div class="field">
        <label for="class-course">{t('classes.field.course')}</label>
        <select
          id="class-course"
          value={courseId}
          onChange={(e) => {
            setCourseId(Number((e.target as HTMLSelectElement).value));
            setLessonIds([]);
          }}
        >
          <option value={0}>{t('classes.chooseCourse')}</option>
          {catalog.data?.courses.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}
            </option>
          ))}
        </select>
      </div>
      {outline.data ? (
        <fieldset class="field">
          <legend>{t('classes.field.lessons')}</legend>
          {fieldError('lessonIds') ? <p class="field__error" role="alert">{fieldError('lessonIds')}</p> : null}
          {outline.data.modules.flatMap((m) => m.lessons).map((l) => (
            <Checkbox key={l.id} name={`lesson-${l.id}`} label={l.title} checked={lessonIds.includes(l.id)} onChange={(on) => setLessonIds(toggle(lessonIds, l.id, on))} />
          ))}
        </fieldset>
      ) : null}
      {team.members.length > 1 ? (
        <fieldset class="field">
          <legend>{t('classes.field.helpers')}</legend>
          {team.members.map((m) => (
            <Checkbox key={m.id} name={`helper-${m.id}`} label={m.fullName} checked={helperIds.includes(m.id)} onChange={(on) => setHelperIds(toggle(helperIds, m.id, on))} />
          ))}
        </fieldset>
      ) : null}
      <FormError error={error} />
      <button type="submit" class="button" disabled={busy || !place.trim() || !date || !courseId || lessonIds.length === 0}>
        {busy ? t('classes.saving') : t('classes.schedule')}
      </button>
    </form>
  );
}

function TeamClasses({ team }: { team: Team }) {
  const { data, error } = useApi('GET /api/units/:code/classes', { params: { code: team.unit.code } });
  const [creating, setCreating] = useState(false);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const upcoming = data.classes.filter((c) => c.status === 'scheduled' || c.status === 'started').reverse();
  const past = data.classes.filter((c) => c.status === 'closed' || c.status === 'cancelled');
  return (
    <>
      {creating ? (
        <NewClassForm team={team} />
      ) : (
        <button type="button" class="button" onClick={() => setCreating(true)}>
          {t('classes.new')}
        </button>
      )}
      <h2>{t('classes.upcoming')}</h2>
      {upcoming.length === 0 ? <p class="muted">{t('classes.none')}</p> : <ul class="class-list">{upcoming.map((c) => <ClassItem key={c.id} item={c} />)}</ul>}
      <h2>{t('classes.past')}</h2>
      {past.length === 0 ? <p class="muted">{t('classes.none')}</p> : <ul class="class-list">{past.map((c) => <ClassItem key={c.id} item={c} />)}</ul>}
    </>
  );
}

export function ClassesPage() {
  const { data, error } = useApi('GET /api/classes/teams');
  const [teamId, setTeamId] = useState<number | null>(null);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const team = data.teams.find((x) => x.id === teamId) ?? data.teams[0];
  return (
    <div>
      <h1>{t('classes.title')}</h1>
      {!team ? <p>{t('classes.noTeam')}</p> : null}
      {data.teams.length > 1 ? (
        <div class="field">
          <label for="class-team">{t('classes.field.team')}</label>
          <select id="class-team" value={team?.id} onChange={(e) => setTeamId(Number((e.target as HTMLSelectElement).value))}>
            {data.teams.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {team ? <TeamClasses key={team.id} team={team} /> : null}
    </div>
  );
}
