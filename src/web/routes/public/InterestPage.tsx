import {
  Alert,
  Anchor,
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
import { Link } from 'react-router';
import { client, dataOf } from '../../api/client.js';
import type { InterestInput } from '../../api/types.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { LanguageSwitch } from '../../components/LanguageSwitch.js';

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
  // No number of merchants until the company gives one: a 0 filled in for them would be sent as their answer.
  const [form, setForm] = useState<
    Omit<Required<InterestInput>, 'merchantCount'> & { merchantCount: number | '' }
  >({
    company: '',
    contactName: '',
    email: '',
    countries: [],
    merchantCount: '',
    integrates: '',
    website: '',
  });
  const submit = useMutation({
    mutationFn: () =>
      dataOf(client.POST('/api/v1/leads', { body: { ...form, merchantCount: Number(form.merchantCount) } })),
  });
  const missingCountries = form.countries.length === 0;
  const countryName = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const errors = fieldErrors(submit.error, {
    company: t('interest.company'),
    contactName: t('interest.contactName'),
    email: t('interest.email'),
    countries: t('interest.countries'),
    merchantCount: t('interest.merchantCount'),
    integrates: t('interest.integrates'),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit.mutate();
  };
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={560}>
        <LanguageSwitch />
        {submit.isSuccess ? (
          <Alert color="green" title={t('interest.thanksTitle')}>
            {t('interest.thanks')}
            <Anchor component={Link} to="/" display="block" mt="sm">
              {t('interest.back')}
            </Anchor>
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
                error={errors.errorOf('company')}
                onChange={(e) => set('company', e.currentTarget.value)}
              />
              <TextInput
                label={t('interest.contactName')}
                required
                value={form.contactName}
                error={errors.errorOf('contactName')}
                onChange={(e) => set('contactName', e.currentTarget.value)}
              />
              <TextInput
                label={t('interest.email')}
                type="email"
                required
                value={form.email}
                error={errors.errorOf('email')}
                onChange={(e) => set('email', e.currentTarget.value)}
              />
              <MultiSelect
                label={t('interest.countries')}
                required
                searchable
                value={form.countries}
                error={errors.errorOf('countries')}
                onChange={(value) => set('countries', value)}
                data={COUNTRIES.map((code) => ({ value: code, label: countryName.of(code) ?? code }))}
              />
              <NumberInput
                label={t('interest.merchantCount')}
                min={0}
                required
                value={form.merchantCount}
                error={errors.errorOf('merchantCount')}
                onChange={(value) => set('merchantCount', value === '' ? '' : Number(value))}
              />
              <Textarea
                label={t('interest.integrates')}
                required
                value={form.integrates}
                error={errors.errorOf('integrates')}
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
              <Button
                type="submit"
                loading={submit.isPending}
                disabled={missingCountries}
                aria-describedby={missingCountries ? 'interest-send-hint' : undefined}
              >
                {t('interest.submit')}
              </Button>
              {missingCountries && (
                <Text id="interest-send-hint" size="sm" c="dimmed">
                  {t('interest.chooseCountries')}
                </Text>
              )}
              <ErrorText error={errors.other} />
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
