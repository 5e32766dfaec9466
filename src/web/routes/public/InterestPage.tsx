import {
  Alert,
  Button,
  Center,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { ErrorText } from '../../components/ErrorText.js';

const COUNTRIES = [
  'AT',
  'BE',
  'CH',
  'DE',
  'DK',
  'ES',
  'FI',
  'FR',
  'GB',
  'IE',
  'IT',
  'LU',
  'NL',
  'NO',
  'PL',
  'PT',
  'SE',
  'US',
  'CA',
  'AU',
];

/** The public "register interest" form; no account needed. */
export function InterestPage() {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState({
    company: '',
    contactName: '',
    email: '',
    countries: [] as string[],
    merchantCount: 0,
    integrates: '',
    website: '',
  });
  const submit = useMutation({ mutationFn: () => api('POST', '/leads', form) });
  const countryName = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const set = (key: keyof typeof form, value: unknown) => setForm((f) => ({ ...f, [key]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={560}>
        {submit.isSuccess ? (
          <Alert color="green" title={t('interest.thanksTitle')}>
            {t('interest.thanks')}
          </Alert>
        ) : (
          <form onSubmit={onSubmit}>
            <Stack>
              <Title order={2}>{t('interest.title')}</Title>
              <Text size="sm" c="dimmed">
                {t('interest.intro')}
              </Text>
              <TextInput
                label={t('interest.company')}
                required
                value={form.company}
                onChange={(e) => set('company', e.currentTarget.value)}
              />
              <TextInput
                label={t('interest.contactName')}
                required
                value={form.contactName}
                onChange={(e) => set('contactName', e.currentTarget.value)}
              />
              <TextInput
                label={t('interest.email')}
                type="email"
                required
                value={form.email}
                onChange={(e) => set('email', e.currentTarget.value)}
              />
              <MultiSelect
                label={t('interest.countries')}
                required
                searchable
                value={form.countries}
                onChange={(value) => set('countries', value)}
                data={COUNTRIES.map((code) => ({ value: code, label: countryName.of(code) ?? code }))}
              />
              <NumberInput
                label={t('interest.merchantCount')}
                min={0}
                required
                value={form.merchantCount}
                onChange={(value) => set('merchantCount', Number(value) || 0)}
              />
              <Textarea
                label={t('interest.integrates')}
                required
                value={form.integrates}
                onChange={(e) => set('integrates', e.currentTarget.value)}
              />
              {/* Hidden from people (and screen readers); bots that fill every field give themselves away. */}
              <div
                aria-hidden="true"
                style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
              >
                <label>
                  Website
                  <input
                    tabIndex={-1}
                    autoComplete="off"
                    name="website"
                    value={form.website}
                    onChange={(e) => set('website', e.currentTarget.value)}
                  />
                </label>
              </div>
              <Button type="submit" loading={submit.isPending} disabled={form.countries.length === 0}>
                {t('interest.submit')}
              </Button>
              <ErrorText error={submit.error} />
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
