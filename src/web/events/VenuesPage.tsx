/**
 * Venues of an event (`/organise/events/:id/venues`): the main hall and the bridge sites, a form to add one,
 * "a bridge site for every commune of …" from a unit the organiser reaches, and retiring.
 */
import { useState } from 'preact/hooks';
import { type Answer, api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { BackToEvent } from './EventBits.js';

type Venue = Answer<'GET /api/events/:id/venues'>['venues'][number];

function NewVenueForm({ id, onAdded }: { id: string; onAdded(venues: Venue[]): void }) {
  const [kind, setKind] = useState<'main' | 'bridge'>('main');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [capacity, setCapacity] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [streamUrl, setStreamUrl] = useState('');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      kind,
      name,
      address,
      capacity: capacity.trim() ? Number(capacity) : null,
      contactName: contactName.trim() || null,
      contactPhone: contactPhone.trim() || null,
      streamUrl: streamUrl.trim() || null,
    };
    const result = await run(() => api('POST /api/events/:id/venues', { params: { id }, body }));
    if (result) {
      setName('');
      setAddress('');
      setCapacity('');
      setContactName('');
      setContactPhone('');
      setStreamUrl('');
      onAdded(result.venues);
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('venues.add')}</h2>
      <FormError error={error} />
      <div class="field">
        <label for="venue-kind">{t('venues.kind')}</label>
        <select id="venue-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}>
          <option value="main">{t('venues.kind.main')}</option>
          <option value="bridge">{t('venues.kind.bridge')}</option>
        </select>
      </div>
      <TextField name="venueName" label={t('venues.name')} required value={name} onValue={setName} error={fieldError('name')} maxLength={200} />
      <TextField name="venueAddress" label={t('venues.address')} value={address} onValue={setAddress} error={fieldError('address')} maxLength={300} />
      <TextField name="venueCapacity" type="number" inputMode="numeric" label={t('venues.capacity')} value={capacity} onValue={setCapacity} error={fieldError('capacity')} />
      <TextField name="venueContact" label={t('venues.contactName')} value={contactName} onValue={setContactName} error={fieldError('contactName')} maxLength={120} />
      <TextField name="venuePhone" type="tel" inputMode="tel" label={t('venues.contactPhone')} value={contactPhone} onValue={setContactPhone} error={fieldError('contactPhone')} maxLength={20} />
      <TextField name="venueStream" type="url" inputMode="url" label={t('venues.streamUrl')} hint={t('venues.streamUrlHint')} value={streamUrl} onValue={setStreamUrl} error={fieldError('streamUrl')} maxLength={500} />
      <button class="button" type="submit" disabled={busy || !name.trim()}>
        {t('venues.addButton')}
      </button>
    </form>
  );
}

function BridgeSitesForm({ id, onAdded }: { id: string; onAdded(venues: Venue[]): void }) {
  const units = (session.value?.grants ?? []).filter((g) => g.role === 'organiser').map((g) => g.unit);
  const [unitCode, setUnitCode] = useState(units[0]?.code ?? '');
  const [added, setAdded] = useState<number | null>(null);
  const { busy, error, run } = useSubmit();
  const submit = async (e: Event) => {
    e.preventDefault();
    const result = await run(() => api('POST /api/events/:id/venues/bridge-sites', { params: { id }, body: { unitCode } }));
    if (result) {
      setAdded(result.added);
      onAdded(result.venues);
    }
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{t('venues.bridgeSites')}</h2>
      <p class="muted">{t('venues.bridgeSitesHint')}</p>
      <FormError error={error} />
      <div class="field">
        <label for="bridge-unit">{t('venues.bridgeUnit')}</label>
        <select id="bridge-unit" value={unitCode} onChange={(e) => setUnitCode((e.target as HTMLSelectElement).value)}>
          {units.map((u) => (
            <option key={u.code} value={u.code}>
              {u.fullName}
            </option>
          ))}
        </select>
      </div>
      <button class="button" type="submit" disabled={busy || !unitCode}>
        {t('venues.bridgeSitesButton')}
      </button>
      {added !== null ? <p role="status">{t('venues.bridgeSitesAdded', { count: added })}</p> : null}
    </form>
  );
}

export function VenuesPage({ id }: { id: string }) {
  const { data, error, setData } = useApi('GET /api/events/:id/venues', { params: { id } });
  const action = useSubmit();
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const update = (venues: Venue[]) => setData({ venues });
  const retire = async (venue: Venue) => {
    if (!window.confirm(t('venues.retireConfirm', { name: venue.name }))) return;
    const result = await action.run(() => api('POST /api/events/:id/venues/:venueId/retire', { params: { id, venueId: venue.id } }));
    if (result) update(result.venues);
  };
  const live = data.venues.filter((v) => v.retiredAt === null);
  return (
    <>
      <BackToEvent id={id} />
      <h1>{t('venues.title')}</h1>
      <p>{t('venues.count', { count: live.length })}</p>
      <FormError error={action.error} />
      <ul class="plain-list">
        {data.venues.map((venue) => (
          <li class="card" key={venue.id}>
            <h2>
              {venue.name} <span class="badge">{t(`venues.kind.${venue.kind}`)}</span>
            </h2>
            {venue.address ? <p>{venue.address}</p> : null}
            <p class="muted">
              {[venue.capacity ? t('venues.seats', { count: venue.capacity }) : '', venue.contactName, venue.contactPhone].filter(Boolean).join(' · ')}
            </p>
            {venue.streamUrl ? (
              <p>
                <a href={venue.streamUrl} rel="noopener noreferrer" target="_blank">
                  {t('venues.stream')}
                </a>
              </p>
            ) : null}
            {venue.retiredAt ? (
              <p class="muted">{t('venues.retired')}</p>
            ) : (
              <button class="button button--secondary button--small danger" type="button" disabled={action.busy} onClick={() => retire(venue)}>
                {t('venues.retire')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <BridgeSitesForm id={id} onAdded={update} />
      <NewVenueForm id={id} onAdded={update} />
    </>
  );
}
