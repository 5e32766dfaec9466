import { NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicy, EscalationPolicyInput } from '../../api/types.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { EditorActions } from '../sla/parts.js';
import { LevelsInput, levelLabels, newLevel } from './LevelsInput.js';
import { usePagingTargets } from './people.js';
import { useSavePolicy } from './queries.js';

const formOf = (policy: EscalationPolicy | null): EscalationPolicyInput =>
  policy
    ? {
        name: policy.name,
        repeat: policy.repeat,
        levels: policy.levels.map((level) => ({
          delayMinutes: level.delayMinutes,
          targets: level.targets.map((target) => ({
            type: target.type === 'schedule' ? 'schedule' : 'user',
            id: target.id,
          })),
        })),
      }
    : { name: '', repeat: 0, levels: [newLevel()] };

/** Creates a policy (`policy` null) or edits one; pages already open keep the levels they opened with. */
export function PolicyEditor({
  policy,
  onSaved,
  onCancel,
}: {
  policy: EscalationPolicy | null;
  onSaved: (policy: EscalationPolicy) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSavePolicy();
  const targets = usePagingTargets();
  const [form, setForm] = useState<EscalationPolicyInput>(() => formOf(policy));
  const set = <K extends keyof EscalationPolicyInput>(key: K, value: EscalationPolicyInput[K]) => {
    if (save.isSuccess) save.reset();
    setForm((f) => ({ ...f, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { policyId: policy?.id, body: form },
      {
        onSuccess: (saved) => {
          setForm(formOf(saved));
          onSaved(saved);
        },
      },
    );
  };
  const errors = fieldErrors(save.error, {
    name: t('escalation.name'),
    repeat: t('escalation.repeat'),
    ...levelLabels(form.levels.length, t),
  });
  return (
    <form onSubmit={submit} aria-label={t('escalation.editorLabel')}>
      <Stack>
        <Title order={3}>{policy ? t('escalation.edit', { name: policy.name }) : t('escalation.new')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('escalation.name')}
            required
            value={form.name}
            error={errors.errorOf('name')}
            onChange={(e) => set('name', e.currentTarget.value)}
          />
          <NumberInput
            label={t('escalation.repeat')}
            description={t('escalation.repeatHint')}
            min={0}
            max={9}
            allowDecimal={false}
            value={form.repeat}
            error={errors.errorOf('repeat')}
            onChange={(repeat) => set('repeat', Number(repeat) || 0)}
          />
        </SimpleGrid>
        <LevelsInput
          value={form.levels}
          onChange={(levels) => set('levels', levels)}
          errorOf={errors.errorOf}
          users={targets.users}
          schedules={targets.schedules}
          nameOf={targets.nameOf}
        />
        <EditorActions
          pending={save.isPending}
          saved={save.isSuccess}
          error={errors.other}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
