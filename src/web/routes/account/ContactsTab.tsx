import {
  Alert,
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONTACT_ROLES, type ContactRole } from '../../../shared/contacts.js';
import { LOCALES, type Locale } from '../../../shared/locales.js';
import type { Contact, ContactInput, PartnerAccount, User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import {
  useContacts,
  useRemoveContact,
  useSaveContact,
  useSaveSupportHours,
  useTestContact,
} from '../../features/account/queries.js';
import { LANGUAGE_NAMES } from '../../i18n/index.js';

const emptyContact = (locale: Locale): ContactInput => ({
  role: 'technical_emergency',
  name: '',
  email: '',
  phone: null,
  webhookUrl: null,
  locale,
});

/** The fields a contact is saved with; the rest of what the API shows (id, dates) is not sent back. */
const inputOf = ({ role, name, email, phone, webhookUrl, locale }: Contact): ContactInput => ({
  role,
  name,
  email,
  phone,
  webhookUrl,
  locale,
});

function ContactForm({
  partnerId,
  editing,
  onDone,
}: {
  partnerId: string;
  editing: Contact | null;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const save = useSaveContact(partnerId);
  const empty = emptyContact(i18n.language as Locale);
  const [form, setForm] = useState<ContactInput>(editing ? inputOf(editing) : empty);
  const set = <K extends keyof ContactInput>(key: K, value: ContactInput[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const contact = { ...form, phone: form.phone || null, webhookUrl: form.webhookUrl || null };
    save.mutate(
      { contactId: editing?.id, contact },
      {
        onSuccess: () => {
          setForm(empty);
          onDone();
        },
      },
    );
  };
  const errors = fieldErrors(save.error, {
    role: t('contacts.role'),
    name: t('contacts.name'),
    email: t('contacts.email'),
    phone: t('contacts.phone'),
    webhookUrl: t('contacts.webhook'),
    locale: t('contacts.language'),
  });
  return (
    <form onSubmit={submit}>
      <Stack gap="xs">
        <Title order={4}>{editing ? t('contacts.edit') : t('contacts.add')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('contacts.role')}
            value={form.role}
            onChange={(v) => v && set('role', v as ContactRole)}
            error={errors.errorOf('role')}
            data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
          />
          <TextInput
            label={t('contacts.name')}
            required
            value={form.name}
            error={errors.errorOf('name')}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <TextInput
            label={t('contacts.email')}
            type="email"
            required
            value={form.email}
            error={errors.errorOf('email')}
            onChange={(e) => set('email', e.currentTarget.value)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('contacts.phone')}
            value={form.phone ?? ''}
            error={errors.errorOf('phone')}
            onChange={(e) => set('phone', e.currentTarget.value)}
          />
          <TextInput
            label={t('contacts.webhook')}
            placeholder="https://"
            value={form.webhookUrl ?? ''}
            error={errors.errorOf('webhookUrl')}
            onChange={(e) => set('webhookUrl', e.currentTarget.value)}
          />
          <Select
            label={t('contacts.language')}
            value={form.locale}
            error={errors.errorOf('locale')}
            onChange={(v) => v && set('locale', v as Locale)}
            data={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
          {editing && (
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
        <ErrorText error={errors.other} />
      </Stack>
    </form>
  );
}

function SupportHoursForm({ partner }: { partner: PartnerAccount }) {
  const { t } = useTranslation();
  const save = useSaveSupportHours(partner.id);
  const [hours, setHours] = useState(partner.supportHours ?? '');
  const [zone, setZone] = useState(partner.supportTimezone ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ supportHours: hours || null, supportTimezone: zone || null });
  };
  const errors = fieldErrors(save.error, {
    supportHours: t('contacts.supportHours'),
    supportTimezone: t('contacts.timezone'),
  });
  return (
    <form onSubmit={submit}>
      <Group align="end">
        <TextInput
          label={t('contacts.supportHours')}
          placeholder={t('contacts.supportHoursExample')}
          value={hours}
          error={errors.errorOf('supportHours')}
          onChange={(e) => setHours(e.currentTarget.value)}
        />
        <TextInput
          label={t('contacts.timezone')}
          placeholder="Europe/Berlin"
          value={zone}
          error={errors.errorOf('supportTimezone')}
          onChange={(e) => setZone(e.currentTarget.value)}
        />
        <Button type="submit" variant="light" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Group>
      {save.isSuccess && (
        <Text size="sm" c="green">
          {t('common.saved')}
        </Text>
      )}
      <ErrorText error={errors.other} />
    </form>
  );
}

export function ContactsTab({ partner, user }: { partner: PartnerAccount; user: User }) {
  const { t } = useTranslation();
  const canManage = user.role === 'partner_admin' || user.role === 'admin';
  const contacts = useContacts(partner.id);
  const remove = useRemoveContact(partner.id);
  const test = useTestContact(partner.id);
  const [editing, setEditing] = useState<Contact | null>(null);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('contacts.explain')}
      </Text>
      {!partner.hasTechnicalEmergencyContact && <Alert color="orange">{t('contacts.needEmergency')}</Alert>}
      <QueryState isLoading={contacts.isLoading} error={contacts.error}>
        <DataTable
          columns={[
            t('contacts.role'),
            t('contacts.name'),
            t('contacts.email'),
            t('contacts.phone'),
            t('contacts.language'),
            '',
          ]}
          rows={contacts.data}
          empty={t('contacts.none')}
          row={(contact) => (
            <Table.Tr key={contact.id}>
              <Table.Td>{t(`contactRoles.${contact.role}`)}</Table.Td>
              <Table.Td>{contact.name}</Table.Td>
              <Table.Td>{contact.email}</Table.Td>
              <Table.Td>{contact.phone ?? '—'}</Table.Td>
              <Table.Td>{LANGUAGE_NAMES[contact.locale]}</Table.Td>
              <Table.Td>
                {canManage && (
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => test.mutate(contact.id)}
                      aria-label={t('contacts.sendTestTo', { name: contact.name })}
                    >
                      {t('contacts.sendTest')}
                    </Button>
                    <Button size="xs" variant="subtle" onClick={() => setEditing(contact)}>
                      {t('contacts.editShort')}
                    </Button>
                    <ConfirmButton
                      size="xs"
                      variant="subtle"
                      color="red"
                      label={t('contacts.remove')}
                      question={t('contacts.removeQuestion', { name: contact.name })}
                      onConfirm={() => remove.mutate(contact.id)}
                    />
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
      {test.isSuccess && (
        <Text c="green" size="sm">
          {t('contacts.testQueued')}
        </Text>
      )}
      <ErrorText error={test.error ?? remove.error} />
      {canManage && (
        <ContactForm
          key={editing?.id ?? 'new'}
          partnerId={partner.id}
          editing={editing}
          onDone={() => setEditing(null)}
        />
      )}
      {canManage && (
        <>
          <Title order={4}>{t('contacts.supportHoursTitle')}</Title>
          <SupportHoursForm partner={partner} />
        </>
      )}
    </Stack>
  );
}
