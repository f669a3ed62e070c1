/**
 * Picks the commune, ward or special zone where someone lives. People type the
 * name however they can on a phone keyboard, usually without diacritics; the
 * server folds both sides. Many still name the commune or district of before the
 * 2025 reform: those answer the current units that took them over, shown as
 * "Xã Châu Lăng (cũ) → Xã Tri Tôn"; what is stored is always the current unit.
 * An ARIA 1.2 combobox: arrows move, Enter chooses. Nothing is highlighted until
 * the person moves, so that no suggestion looks chosen before it is.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { UnitKind } from '../../shared/units.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';

export interface PickedUnit {
  code: string;
  fullName: string;
  parentName: string | null;
}

interface UnitOption extends PickedUnit {
  kind: UnitKind;
  formerly?: { name: string };
}

export function UnitPicker(props: { value: PickedUnit | null; onChange(unit: PickedUnit | null): void; error?: string; label: string }) {
  const id = useId();
  const [query, setQuery] = useState(props.value?.fullName ?? '');
  const [options, setOptions] = useState<UnitOption[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const requestNumber = useRef(0);

  useEffect(() => {
    const q = query.trim();
    if (!open || q.length < 2) {
      setOptions([]);
      return;
    }
    const number = ++requestNumber.current;
    const timer = setTimeout(async () => {
      try {
        const result = await api('GET /api/units', { query: { kind: 'commune,ward,special_zone', former: true, limit: 8, q } });
        // Answers can arrive out of order on a slow network; only the latest counts.
        if (number === requestNumber.current) {
          setOptions(result.units);
          setActive(-1);
        }
      } catch {
        if (number === requestNumber.current) setOptions([]);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [query, open]);

  const choose = (option: UnitOption) => {
    props.onChange({ code: option.code, fullName: option.fullName, parentName: option.parentName });
    setQuery(option.fullName);
    setOpen(false);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, options.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (options.length === 0 ? -1 : Math.max(i - 1, 0)));
    } else if (event.key === 'Enter' && open && options[active]) {
      event.preventDefault();
      choose(options[active]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const listId = `${id}-list`;
  const showList = open && query.trim().length >= 2;
  const described = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field combobox${props.error ? ' field--error' : ''}`}>
      <label for={id}>
        {props.label} <span class="field__required">{t('common.required')}</span>
      </label>
      <p id={`${id}-hint`} class="field__hint">
        {t('signUp.unitHint')} {t('signUp.unitHintFormer')}
      </p>
      {props.error ? (
        <p id={`${id}-error`} class="field__error" role="alert">
          {props.error}
        </p>
      ) : null}
      <input
        id={id}
        name="unit"
        type="text"
        role="combobox"
        autoComplete="off"
        placeholder={t('signUp.unitPlaceholder')}
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 ? `${id}-option-${active}` : undefined}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described}
        value={query}
        onInput={(event) => {
          setQuery((event.target as HTMLInputElement).value);
          setOpen(true);
          if (props.value) props.onChange(null);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
      />
      {showList ? (
        <ul id={listId} role="listbox" class="combobox__list" aria-label={props.label}>
          {options.length === 0 ? (
            <li class="combobox__empty" role="option" aria-disabled="true" aria-selected="false">
              {t('signUp.unitNoResults')}
            </li>
          ) : (
            options.map((option, index) => (
              <li
                key={option.code}
                id={`${id}-option-${index}`}
                role="option"
                class="combobox__option"
                aria-selected={index === active}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(option)}
              >
                {option.formerly ? t('signUp.unitFormerly', { former: option.formerly.name, unit: option.fullName }) : option.fullName}
                {option.parentName ? <small>{option.parentName}</small> : null}
              </li>
            ))
          )}
        </ul>
      ) : null}
      <p class="visually-hidden" aria-live="polite">
        {showList && options.length > 0 ? t('signUp.unitResults', { count: options.length }) : ''}
        {props.value ? t('signUp.unitSelected', { unit: props.value.fullName }) : ''}
      </p>
    </div>
  );
}
