import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';

interface FieldProps extends Omit<JSX.HTMLAttributes<HTMLInputElement>, 'label' | 'onInput'> {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onValue(value: string): void;
  required?: boolean;
  type?: string;
  name: string;
  autoComplete?: string;
  inputMode?: JSX.HTMLAttributes['inputMode'];
  maxLength?: number;
}

/** A labelled input whose hint and error are announced with it (aria-describedby). */
export function TextField({ label, hint, error, value, onValue, required, ...input }: FieldProps) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {label} {required ? <span class="field__required">{t('common.required')}</span> : null}
      </label>
      {hint ? <p id={`${id}-hint`} class="field__hint">{hint}</p> : null}
      {error ? <p id={`${id}-error`} class="field__error" role="alert">{error}</p> : null}
      <input
        id={id}
        {...input}
        value={value}
        required={required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        onInput={(event) => onValue((event.target as HTMLInputElement).value)}
      />
    </div>
  );
}

/** A labelled multi-line text box, its hint and error announced with it. */
export function TextArea({ label, hint, value, onValue, error, rows = 4 }: { label: string; hint?: string; value: string; onValue(v: string): void; error?: string; rows?: number }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} class="field__hint">{hint}</p> : null}
      {error ? (
        <p id={`${id}-error`} class="field__error" role="alert">
          {error}
        </p>
      ) : null}
      <textarea id={id} rows={rows} value={value} aria-invalid={error ? 'true' : undefined} aria-describedby={described} onInput={(e) => onValue((e.target as HTMLTextAreaElement).value)} />
    </div>
  );
}

export function PasswordField(props: Omit<FieldProps, 'type'>) {
  const [visible, setVisible] = useState(false);
  const id = useId();
  return (
    <div class="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} />
      <label class="checkbox checkbox--small" for={id}>
        <input id={id} type="checkbox" checked={visible} onChange={() => setVisible(!visible)} />
        {t('common.showPassword')}
      </label>
    </div>
  );
}

export function Checkbox(props: { label: ComponentChildren; checked: boolean; onChange(checked: boolean): void; error?: string; name: string }) {
  const id = useId();
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      {props.error ? <p id={`${id}-error`} class="field__error" role="alert">{props.error}</p> : null}
      <div class="checkbox">
        <input
          id={id}
          name={props.name}
          type="checkbox"
          checked={props.checked}
          aria-invalid={props.error ? 'true' : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          onChange={(event) => props.onChange((event.target as HTMLInputElement).checked)}
        />
        <label for={id}>{props.label}</label>
      </div>
    </div>
  );
}

/** The end of an editing form: save (off while saving) and cancel. */
export function SaveCancelButtons({ busy, onCancel }: { busy: boolean; onCancel(): void }) {
  return (
    <>
      <button type="submit" class="button" disabled={busy}>
        {t('common.save')}
      </button>{' '}
      <button type="button" class="button button--secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </>
  );
}

/** An error the form as a whole must show (network down, throttled, server trouble). */
export function FormError({ error }: { error: ApiError | null }) {
  if (!error || Object.keys(error.fields).length > 0) return null;
  return (
    <p class="form-error" role="alert">
      {error.message}
    </p>
  );
}

/** A refused document: the form's message, then every problem at its place. */
export function PlacedProblems({ message, problems }: { message: string; problems: { place: string; message: string }[] }) {
  return (
    <div class="form-error" role="alert">
      <p>{message}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            <strong>{p.place}</strong>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Runs a submit, remembering whether it is busy and what went wrong. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    // A refused form brings its first wrong field into view and into focus: on a phone the error may be far above or below.
    if (!error || Object.keys(error.fields).length === 0) return;
    const first = document.querySelector<HTMLElement>('main [aria-invalid="true"]');
    if (!first) return;
    (first.closest('.field') ?? first).scrollIntoView({ block: 'start' });
    first.focus({ preventScroll: true });
  }, [error]);
  async function run<T>(task: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    try {
      return await task();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', t('error.internal')));
      return undefined;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run, fieldError: (name: string) => error?.fields[name] };
}
