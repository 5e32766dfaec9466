import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PARTNER_ROLES, type PartnerRole } from '../../../shared/roles.js';
import type { User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
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

/** Where the invitation went: emailed, or kept in the outbox when no mail server is configured. */
function InviteSent({
  delivery,
  isPlatformAdmin,
}: {
  delivery: 'email' | 'outbox';
  isPlatformAdmin: boolean;
}) {
  const { t } = useTranslation();
  if (delivery === 'email')
    return (
      <Text size="sm" c="green" role="status">
        {t('members.invited')}
      </Text>
    );
  return (
    <Text size="sm" c="orange.8" role="status">
      {isPlatformAdmin ? t('members.keptInOutbox') : t('members.keptInOutboxPartner')}{' '}
      {isPlatformAdmin && (
        <Anchor component={Link} to="/outbox" size="sm">
          {t('members.openOutbox')}
        </Anchor>
      )}
    </Text>
  );
}

/** `isPlatformAdmin`: the inviter can open the outbox, where an invitation waits without SMTP. */
export function InviteForm({
  partnerId,
  isPlatformAdmin = false,
}: {
  partnerId: string;
  isPlatformAdmin?: boolean;
}) {
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
      {invite.data && <InviteSent delivery={invite.data.delivery} isPlatformAdmin={isPlatformAdmin} />}
      <ErrorText error={errors.other} />
    </form>
  );
}

/** Invitations not yet accepted, revoked or expired; `canRevoke` for those who manage the members. */
export function PendingInvites({ partnerId, canRevoke }: { partnerId: string; canRevoke: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const invites = useInvites(partnerId, true);
  const revoke = useRevokeInvite(partnerId);
  if (!invites.data?.length) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('members.pendingInvites')}</Title>
      {invites.data.map((invite) => (
        <Group key={invite.id}>
          <Text>{invite.email}</Text>
          <Badge variant="light">{t(`roles.${invite.role}`)}</Badge>
          <Text size="sm" c="dimmed">
            {t('members.expires', { date: format.dateTime(invite.expiresAt) })}
          </Text>
          {canRevoke && (
            <Button size="xs" variant="subtle" onClick={() => revoke.mutate(invite.id)}>
              {t('members.revokeInvite')}
            </Button>
          )}
        </Group>
      ))}
      <ErrorText error={revoke.error} />
    </Stack>
  );
}

export function MembersTab({ partnerId, user }: { partnerId: string; user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const canManage = user.role === 'partner_admin' || user.role === 'admin';
  const members = useMembers(partnerId);
  const changeRole = useChangeRole(partnerId);
  const remove = useRemoveMember(partnerId);
  return (
    <Stack>
      {canManage && <InviteForm partnerId={partnerId} isPlatformAdmin={user.role === 'admin'} />}
      <QueryState isLoading={members.isLoading} error={members.error}>
        <DataTable
          columns={[t('members.name'), t('members.email'), t('members.role'), t('members.lastLogin'), '']}
          rows={members.data}
          empty={t('members.none')}
          row={(member) => (
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
          )}
        />
      </QueryState>
      <ErrorText error={changeRole.error ?? remove.error} />
      {canManage && <PendingInvites partnerId={partnerId} canRevoke />}
    </Stack>
  );
}
