/**
 * Taking a quiz, one question per screen. Each answer is saved as it is given
 * (and retried if the network drops), so a reload or a lost connection resumes
 * the same attempt; the timer follows the server's clock, and the server is
 * what enforces it. After submitting, the same page shows the result.
 * Offline, a practice quiz of a saved course is taken on the phone instead (offline/saved-attempts.ts); a final quiz
 * says that it needs the network.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Static } from 'typebox';
import type { AttemptView } from '../../server/quizzes/quizzes.schema.js';
import { api, ApiError } from '../api.js';
import { drawPaper, gradeOnPhone, type Practice, queueAttempt, sendQueuedAttempts, serverResults, shownQuestions } from '../offline/saved-attempts.js';
import { savedAnswer, savedQuiz } from '../offline/saved-courses.js';
import { session } from '../session.js';
import { t } from '../i18n/i18n.js';
import { ReadAloud } from '../lessons/ReadAloud.js';
import { ErrorMessage, Loading, ProgressBar } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { type Answer, describeAnswer, QuestionInput } from './QuestionInput.js';

type Attempt = Static<typeof AttemptView>;
type SaveState = 'saved' | 'saving' | 'failed';

/** Starts (or resumes) an attempt at a quiz, then shows it at its own address so that a reload finds it. */
export function QuizStartPage({ id }: { id: string }) {
  const { route } = useLocation();
  const [error, setError] = useState<ApiError | null>(null);
  const [offline, setOffline] = useState<Practice | 'final' | 'notSaved' | null>(null);
  useEffect(() => {
    const me = session.peek();
    if (me) void sendQueuedAttempts(me.id);
    api('POST /api/quizzes/:id/attempts', { params: { id } }).then(
      (attempt) => route(`/attempts/${attempt.id}`, true),
      async (caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 0) {
          const practice = await savedAnswer<Practice>(`/api/quizzes/${encodeURIComponent(id)}/practice-paper`).catch(() => null);
          return setOffline(practice ?? (savedQuiz(Number(id))?.kind === 'final' ? 'final' : 'notSaved'));
        }
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', t('error.internal')));
      },
    );
  }, [id]);
  if (offline && typeof offline === 'object') return <SavedPractice practice={offline} />;
  if (offline) {
    return (
      <>
        <p class={offline === 'final' ? 'notice' : 'form-error'} role="alert">
          {t(offline === 'final' ? 'quiz.offline.finalNeedsNetwork' : 'quiz.offline.notSaved')}
        </p>
        <p>
          <a href="/learning">{t('quiz.back')}</a>
        </p>
      </>
    );
  }
  if (!error) return <Loading />;
  return (
    <>
      <ErrorMessage error={error} />
      <p>
        <a href="/learning">{t('quiz.back')}</a>
      </p>
    </>
  );
}

export function AttemptPage({ id }: { id: string }) {
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [index, setIndex] = useState(0);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [submitting, setSubmitting] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const unsaved = useRef<Record<string, Answer>>({});
  const saveTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const card = useRef<HTMLDivElement>(null);

  const show = (view: Attempt) => {
    setAttempt(view);
    setAnswers(Object.fromEntries(view.questions.map((q) => [q.key, (q.answer ?? null) as Answer])));
  };
  const fail = (caught: unknown) => setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', t('error.internal')));
  const reload = () => api('GET /api/attempts/:id', { params: { id } }).then(show, fail);
  useEffect(() => {
    reload();
    // Leaving or reloading the page must not drop an answer still waiting for its debounce.
    const sendUnsaved = () => {
      if (Object.keys(unsaved.current).length === 0) return;
      void fetch(`/api/attempts/${encodeURIComponent(id)}/answers`, {
        method: 'PUT',
        keepalive: true,
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ answers: unsaved.current }),
      }).catch(() => undefined);
    };
    window.addEventListener('pagehide', sendUnsaved);
    return () => {
      window.removeEventListener('pagehide', sendUnsaved);
      clearTimeout(saveTimer.current);
    };
  }, [id]);

  async function flush(): Promise<void> {
    const batch = unsaved.current;
    if (Object.keys(batch).length === 0) return;
    unsaved.current = {};
    setSaveState('saving');
    try {
      await api('PUT /api/attempts/:id/answers', { params: { id }, body: { answers: batch } });
      setSaveState(Object.keys(unsaved.current).length > 0 ? 'saving' : 'saved');
    } catch (caught) {
      if (caught instanceof ApiError && (caught.code === 'attempt_time_up' || caught.code === 'attempt_submitted')) return void reload();
      // Kept, and sent again: an answer is never dropped because the network was.
      unsaved.current = { ...batch, ...unsaved.current };
      setSaveState('failed');
      saveTimer.current = setTimeout(flush, 3000);
    }
  }

  function answer(key: string, value: Answer, typing: boolean) {
    setAnswers((current) => ({ ...current, [key]: value }));
    unsaved.current = { ...unsaved.current, [key]: value };
    // Not "saved" while the answer only lives in this page.
    setSaveState('saving');
    clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(flush, typing ? 800 : 0);
  }

  async function submit() {
    setSubmitting(true);
    clearTimeout(saveTimer.current);
    try {
      const given = Object.fromEntries(Object.entries(answers).filter(([, value]) => value !== null));
      show(await api('POST /api/attempts/:id/submit', { params: { id }, body: { answers: given } }));
      unsaved.current = {};
      window.scrollTo(0, 0);
    } catch (caught) {
      fail(caught);
    } finally {
      setSubmitting(false);
      setConfirming(false);
    }
  }

  const remaining = useRemainingSeconds(attempt);
  useEffect(() => {
    if (remaining === 0 && attempt?.status === 'open' && !submitting) void submit();
  }, [remaining]);

  if (error && !attempt) return <ErrorMessage error={error} />;
  if (!attempt) return <Loading />;
  if (attempt.result) return <AttemptResult attempt={attempt} />;

  const question = attempt.questions[index]!;
  const answered = attempt.questions.filter((q) => answers[q.key] !== null && answers[q.key] !== undefined).length;
  const last = index === attempt.questions.length - 1;
  return (
    <>
      <p>
        <a href={`/courses/${attempt.courseId}`}>{t('quiz.backToCourse')}</a>
      </p>
      <h1>{attempt.quizTitle}</h1>
      <div class="quiz-status">
        <ProgressBar percent={Math.round((100 * answered) / attempt.questions.length)} label={t('quiz.answered', { answered, total: attempt.questions.length })} />
        {remaining !== null ? (
          <p class={remaining < 60 ? 'quiz-timer quiz-timer--low' : 'quiz-timer'} role="timer" aria-live={remaining < 60 ? 'assertive' : 'off'}>
            {t('quiz.timeLeft', { time: formatSeconds(remaining) })}
          </p>
        ) : null}
        <p class={`save-state save-state--${saveState}`} role="status">
          {t(`quiz.save.${saveState}`)}
        </p>
      </div>
      {error ? <ErrorMessage error={error} /> : null}
      <div class="card quiz-question" ref={card}>
        <p class="muted">{t('quiz.questionOf', { number: index + 1, total: attempt.questions.length })}</p>
        <h2 class="quiz-question__prompt">{question.prompt}</h2>
        <ReadAloud target={() => card.current} label={t('quiz.readAloud')} />
        {question.media ? <QuestionMedia media={question.media} /> : null}
        <QuestionInput key={question.key} question={question} answer={answers[question.key] ?? null} onAnswer={(value) => answer(question.key, value, question.type === 'short_text')} />
      </div>
      <nav class="quiz-nav" aria-label={t('quiz.navigation')}>
        <button type="button" class="button button--secondary" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          {t('quiz.previous')}
        </button>
        {last ? (
          <button type="button" class="button" disabled={submitting} onClick={() => (answered < attempt.questions.length ? setConfirming(true) : submit())}>
            {submitting ? t('quiz.submitting') : t('quiz.submit')}
          </button>
        ) : (
          <button type="button" class="button" onClick={() => setIndex(index + 1)}>
            {t('quiz.next')}
          </button>
        )}
      </nav>
      <ol class="quiz-dots" aria-label={t('quiz.jumpTo')}>
        {attempt.questions.map((q, i) => (
          <li key={q.key}>
            <button
              type="button"
              class={`quiz-dot${answers[q.key] !== null && answers[q.key] !== undefined ? ' quiz-dot--answered' : ''}${i === index ? ' quiz-dot--current' : ''}`}
              aria-current={i === index ? 'step' : undefined}
              aria-label={t('quiz.questionOf', { number: i + 1, total: attempt.questions.length })}
              onClick={() => setIndex(i)}
            >
              {i + 1}
            </button>
          </li>
        ))}
      </ol>
      {confirming ? (
        <div class="card" role="alertdialog" aria-labelledby="confirm-submit">
          <p id="confirm-submit">{t('quiz.confirmUnanswered', { count: attempt.questions.length - answered })}</p>
          <button type="button" class="button" disabled={submitting} onClick={submit}>
            {t('quiz.submitAnyway')}
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={() => setConfirming(false)}>
            {t('quiz.keepAnswering')}
          </button>
        </div>
      ) : null}
    </>
  );
}

function QuestionMedia({ media }: { media: NonNullable<Attempt['questions'][number]['media']> }) {
  if (media.kind === 'image') return <img class="quiz-question__image" src={media.url} alt={media.alt} loading="lazy" />;
  if (media.kind === 'audio') return <audio src={media.url} controls preload="none" aria-label={media.alt} />;
  if (media.kind === 'video') return <video src={media.url} controls preload="none" aria-label={media.alt} />;
  return null;
}

/** Seconds left by the server's clock (the phone's may be wrong), ticking; null when untimed. */
function useRemainingSeconds(attempt: Attempt | null): number | null {
  const [now, setNow] = useState(Date.now());
  const offset = useRef(0);
  useEffect(() => {
    if (!attempt) return;
    offset.current = Date.parse(attempt.serverNow) - Date.now();
    if (!attempt.deadlineAt || attempt.status !== 'open') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [attempt?.id, attempt?.status]);
  if (!attempt?.deadlineAt || attempt.status !== 'open') return null;
  return Math.max(0, Math.round((Date.parse(attempt.deadlineAt) - (now + offset.current)) / 1000));
}

const formatSeconds = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** A practice quiz of a saved course taken offline: graded on the phone at once, queued, and graded again by the server. */
function SavedPractice({ practice }: { practice: Practice }) {
  const [paper] = useState(() => drawPaper(practice));
  const [startedAt] = useState(() => new Date().toISOString());
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [done, setDone] = useState<{ view: Attempt; clientId: string } | null>(null);
  if (done) {
    const fromServer = serverResults.value[done.clientId];
    return (
      <>
        <p class="muted" role="status">
          {fromServer ? t('quiz.offline.sent', { score: fromServer.score, max: fromServer.maxScore }) : t('quiz.offline.pending')}
        </p>
        <AttemptResult attempt={done.view} />
      </>
    );
  }
  const questions = shownQuestions(paper);
  function submit() {
    const graded = gradeOnPhone(practice, paper, answers, startedAt);
    setDone({ view: graded.view, clientId: graded.body.clientId });
    const me = session.peek();
    if (me) void queueAttempt(me.id, practice.quizId, graded.body);
    window.scrollTo(0, 0);
  }
  return (
    <>
      <p>
        <a href={`/courses/${practice.courseId}`}>{t('quiz.backToCourse')}</a>
      </p>
      <h1>{practice.title}</h1>
      <p class="notice">{t('quiz.offline.note')}</p>
      {questions.map((question, index) => (
        <div key={question.key} class="card quiz-question">
          <p class="muted">{t('quiz.questionOf', { number: index + 1, total: questions.length })}</p>
          <h2 class="quiz-question__prompt">{question.prompt}</h2>
          {question.media ? <QuestionMedia media={question.media} /> : null}
          <QuestionInput question={question} answer={answers[question.key] ?? null} onAnswer={(value) => setAnswers((current) => ({ ...current, [question.key]: value }))} />
        </div>
      ))}
      <button type="button" class="button" onClick={submit}>
        {t('quiz.submit')}
      </button>
    </>
  );
}

function AttemptResult({ attempt }: { attempt: Attempt }) {
  const result = attempt.result!;
  return (
    <>
      <p>
        <a href={`/courses/${attempt.courseId}`}>{t('quiz.backToCourse')}</a>
      </p>
      <h1>{attempt.quizTitle}</h1>
      <div class={`card result ${result.passed ? 'result--passed' : 'result--failed'}`} role="status">
        <p class="result__score">{t('quiz.score', { score: result.score, max: result.maxScore, percent: result.percent })}</p>
        <p>{result.passed ? t('quiz.passed') : t('quiz.failed', { pass: attempt.passPercent })}</p>
        {result.passed && attempt.kind === 'final' ? <CertificateHint courseId={attempt.courseId} /> : null}
        {!result.passed ? (
          <p>
            <a class="button" href={`/quizzes/${attempt.quizId}`}>
              {t('quiz.tryAgain')}
            </a>
          </p>
        ) : null}
      </div>
      {result.showAnswers ? null : <p class="muted">{t('quiz.answersHidden')}</p>}
      <h2>{t('quiz.review')}</h2>
      <ol class="review">
        {attempt.questions.map((question) => {
          const graded = result.questions.find((g) => g.key === question.key)!;
          return (
            <li key={question.key} class={`card review__item ${graded.correct ? 'review__item--right' : 'review__item--wrong'}`}>
              <p>
                <strong>{question.prompt}</strong>
              </p>
              {/* The answer in quotes, the verdict in words: "Đúng"/"Sai" are also the answers of a true/false question. */}
              <p>
                <span aria-hidden="true">{graded.correct ? '✓ ' : '✗ '}</span>
                {t(graded.correct ? 'quiz.givenRight' : 'quiz.givenWrong', { answer: describeAnswer(question, graded.given) })}
              </p>
              {graded.expected !== null && !graded.correct ? <p>{t('quiz.expectedAnswer', { answer: describeAnswer(question, graded.expected) })}</p> : null}
              {graded.explanation ? <p class="muted">{graded.explanation}</p> : null}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** After a final quiz is passed: the certificate, or what is still missing for it. */
function CertificateHint({ courseId }: { courseId: number }) {
  const { data } = useApi('GET /api/me/certificates');
  if (!data) return null;
  if (!data.certificates.some((c) => c.courseId === courseId)) return <p>{t('quiz.finishLessonsForCertificate')}</p>;
  return (
    <p>
      <a class="button" href="/certificates">
        {t('quiz.seeCertificates')}
      </a>
    </p>
  );
}
