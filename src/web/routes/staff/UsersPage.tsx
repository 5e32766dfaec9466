import { Badge, Button, Group, PasswordInput, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_ROLES, type StaffRole } from '../../../shared/roles.js';
import { client } from '../../api/client.js';
import { useApiMutation } from '../../api/hooks.js';
import type { User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import { useStaffUsers } from '../../features/partners/queries.js';
import { useFormat } from '../../i18n/format.js';

interface NewStaffUser {
  email: string;
  name: string;
  role: StaffRole;
  password: string;
}

function AddStaffUserForm() {
  const { t } = useTranslation();
  const create = useApiMutation((body: NewStaffUser) => client.POST('/api/v1/users', { body }), ['/users']);
  const [form, setForm] = useState<NewStaffUser>({
    email: '',
    name: '',
    role: 'support_agent',
    password: '',
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(form, { onSuccess: () => setForm({ email: '', name: '', role: form.role, password: '' }) });
  };
  const errors = fieldErrors(create.error, {
    name: t('users.name'),
    email: t('users.email'),
    role: t('users.role'),
    password: t('users.initialPassword'),
  });
  return (
    <form onSubmit={submit}>
      <Group align="end">
        <TextInput
          label={t('users.name')}
          required
          value={form.name}
          error={errors.errorOf('name')}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
        />
        <TextInput
          label={t('users.email')}
          type="email"
          required
          value={form.email}
          error={errors.errorOf('email')}
          onChange={(e) => setForm({ ...form, email: e.currentTarget.value })}
        />
        <Select
          label={t('users.role')}
          value={form.role}
          onChange={(v) => v && setForm({ ...form, role: v as StaffRole })}
          error={errors.errorOf('role')}
          data={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <PasswordInput
          label={t('users.initialPassword')}
          required
          minLength={12}
          value={form.password}
          error={errors.errorOf('password')}
          onChange={(e) => setForm({ ...form, password: e.currentTarget.value })}
          visibilityToggleButtonProps={{ 'aria-label': t('login.togglePassword') }}
        />
        <Button type="submit" loading={create.isPending}>
          {t('users.add')}
        </Button>
      </Group>
      <ErrorText error={errors.other} />
    </form>
  );
}

/** Platform staff accounts; partner members are managed by their own admins. */
export function UsersPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useStaffUsers();
  const setDisabled = useApiMutation(
    ({ userId, disabled }: { userId: string; disabled: boolean }) =>
      client.PATCH('/api/v1/users/{userId}', { params: { path: { userId } }, body: { disabled } }),
    ['/users'],
  );
  const staff = users.data?.filter((u) => u.partnerId === null);
  return (
    <Stack>
      <Title order={2}>{t('users.title')}</Title>
      <AddStaffUserForm />
      <ErrorText error={setDisabled.error} />
      <QueryState isLoading={users.isLoading} error={users.error}>
        <DataTable
          columns={[t('users.name'), t('users.email'), t('users.role'), t('users.lastLogin'), '']}
          rows={staff}
          empty={t('users.none')}
          row={(member) => (
            <Table.Tr key={member.id}>
              <Table.Td>{member.name}</Table.Td>
              <Table.Td>{member.email}</Table.Td>
              <Table.Td>{t(`roles.${member.role}`)}</Table.Td>
              <Table.Td>{member.lastLoginAt ? format.dateTime(member.lastLoginAt) : '—'}</Table.Td>
              <Table.Td>
                {member.disabledAt ? (
                  <Group gap="xs">
                    <Badge color="gray">{t('users.disabled')}</Badge>
                    <Button
                      size="xs"
                      variant="subtle"
                      onClick={() => setDisabled.mutate({ userId: member.id, disabled: false })}
                    >
                      {t('users.enable')}
                    </Button>
                  </Group>
                ) : (
                  member.id !== user.id && (
                    <ConfirmButton
                      size="xs"
                      variant="light"
                      color="red"
                      label={t('users.disable')}
                      question={t('users.disableQuestion', { name: member.name })}
                      onConfirm={() => setDisabled.mutate({ userId: member.id, disabled: true })}
                    />
                  )
                )}
              </Table.Td>
            </Table.Tr>
          )}
        />
      </QueryState>
    </Stack>
  );
}
