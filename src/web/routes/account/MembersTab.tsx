import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PARTNER_ROLES, type PartnerRole } from '../../../shared/roles.js';
import type { User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { QueryState } from '../../components/QueryState.js';
import {
  useChangeRole,
  useInvite,
  useInvites,
  useMembers,
  useRemoveMember,
  useRevokeInvite,
} from '../../features/account/queries.js';
import { useFormat } from '../../i18n/format.js';

export function InviteForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const invite = useInvite(partnerId);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<PartnerRole>('partner_member');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ email, role }, { onSuccess: () => setEmail('') });
  };
  const errors = fieldErrors(invite.error, { email: t('members.inviteEmail'), role: t('members.role') });
  return (
    <form onSubmit={submit}>
      <Group align="end">
        <TextInput
          label={t('members.inviteEmail')}
          type="email"
          required
          value={email}
          error={errors.errorOf('email')}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <Select
          label={t('members.role')}
          value={role}
          onChange={(v) => v && setRole(v as PartnerRole)}
          error={errors.errorOf('role')}
          data={PARTNER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <Button type="submit" loading={invite.isPending}>
          {t('members.invite')}
        </Button>
      </Group>
      {invite.isSuccess && (
        <Text size="sm" c="green">
          {t('members.invited')}
        </Text>
      )}
      <ErrorText error={errors.other} />
    </form>
  );
}

export function MembersTab({ partnerId, user }: { partnerId: string; user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canManage = user.role === 'partner_admin' || user.role === 'admin';
  const members = useMembers(partnerId);
  const invites = useInvites(partnerId, canManage);
  const changeRole = useChangeRole(partnerId);
  const remove = useRemoveMember(partnerId);
  const revoke = useRevokeInvite(partnerId);
  return (
    <Stack>
      {canManage && <InviteForm partnerId={partnerId} />}
      <QueryState isLoading={members.isLoading} error={members.error}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('members.name')}</Table.Th>
              <Table.Th>{t('members.email')}</Table.Th>
              <Table.Th>{t('members.role')}</Table.Th>
              <Table.Th>{t('members.lastLogin')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {members.data?.map((member) => (
              <Table.Tr key={member.id}>
                <Table.Td>{member.name}</Table.Td>
                <Table.Td>{member.email}</Table.Td>
                <Table.Td>
                  {canManage ? (
                    <Select
                      aria-label={t('members.roleOf', { name: member.name })}
                      value={member.role}
                      onChange={(v) => v && changeRole.mutate({ userId: member.id, role: v as PartnerRole })}
                      data={PARTNER_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                    />
                  ) : (
                    t(`roles.${member.role}`)
                  )}
                </Table.Td>
                <Table.Td>{member.lastLoginAt ? format.dateTime(member.lastLoginAt) : '—'}</Table.Td>
                <Table.Td>
                  {canManage && member.id !== user.id && (
                    <ConfirmButton
                      size="xs"
                      color="red"
                      variant="light"
                      label={t('members.remove')}
                      question={t('members.removeQuestion', { name: member.name })}
                      onConfirm={() => remove.mutate(member.id)}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </QueryState>
      <ErrorText error={changeRole.error ?? remove.error} />
      {invites.data && invites.data.length > 0 && (
        <>
          <Title order={4}>{t('members.pendingInvites')}</Title>
          {invites.data.map((invite) => (
            <Group key={invite.id}>
              <Text>{invite.email}</Text>
              <Badge variant="light">{t(`roles.${invite.role}`)}</Badge>
              <Text size="sm" c="dimmed">
                {t('members.expires', { date: format.dateTime(invite.expiresAt) })}
              </Text>
              {canManage && (
                <Button size="xs" variant="subtle" onClick={() => revoke.mutate(invite.id)}>
                  {t('members.revokeInvite')}
                </Button>
              )}
            </Group>
          ))}
        </>
      )}
    </Stack>
  );
}
