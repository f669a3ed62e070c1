/**
 * The hamlet (ấp, khóm) within the chosen commune, optional: offered only when the commune has hamlets.
 * The value is a hamlet code, or '' for "the commune as a whole / I don't know".
 */
import { useId } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { useApi } from '../ui/useApi.js';

export function HamletPicker(props: { communeCode: string | null; value: string; onChange(code: string): void }) {
  const id = useId();
  const { data } = useApi(props.communeCode ? 'GET /api/units/:code/hamlets' : null, { params: { code: props.communeCode ?? '' } });
  const hamlets = props.communeCode && data?.unit.code === props.communeCode ? data.hamlets : [];
  if (hamlets.length === 0) return null;
  return (
    <div class="field">
      <label for={id}>{t('hamlets.pickLabel')}</label>
      <p id={`${id}-hint`} class="field__hint">
        {t('hamlets.pickHint')}
      </p>
      <select id={id} name="hamlet" aria-describedby={`${id}-hint`} value={props.value} onChange={(event) => props.onChange((event.target as HTMLSelectElement).value)}>
        <option value="">{t('hamlets.pickNone')}</option>
        {hamlets.map((h) => (
          <option key={h.code} value={h.code}>
            {h.name}
          </option>
        ))}
      </select>
    </div>
  );
}
