import { Select, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EscalationPolicy, OncallService } from '../../api/types.js';
import { fieldErrors } from '../../components/FieldErrors.js';
import { EditorActions } from '../sla/parts.js';
import { useSaveService } from './queries.js';

/** Creates a service (`service` null) or renames it and changes the policy its new pages follow. */
export function ServiceEditor({
  service,
  policies,
  onSaved,
  onCancel,
}: {
  service: OncallService | null;
  policies: EscalationPolicy[];
  onSaved: (service: OncallService) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveService();
  const [name, setName] = useState(service?.name ?? '');
  const [policyId, setPolicyId] = useState<string | null>(
    service?.escalationPolicyId ?? policies[0]?.id ?? null,
  );
  const labels = { name: t('services.name'), escalationPolicyId: t('services.policy') };
  const errors = fieldErrors(save.error, labels);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      { serviceId: service?.id, body: { name, escalationPolicyId: policyId ?? '' } },
      { onSuccess: onSaved },
    );
  };
  const changed = () => {
    if (save.isSuccess) save.reset();
  };
  return (
    <form onSubmit={submit} aria-label={t('services.editorLabel')}>
      <Stack>
        <Title order={3}>{service ? t('services.edit', { name: service.name }) : t('services.new')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={labels.name}
            required
            value={name}
            error={errors.errorOf('name')}
            onChange={(e) => {
              changed();
              setName(e.currentTarget.value);
            }}
          />
          <Select
            label={labels.escalationPolicyId}
            required
            searchable
            allowDeselect={false}
            data={policies.map((policy) => ({ value: policy.id, label: policy.name }))}
            value={policyId}
            error={errors.errorOf('escalationPolicyId')}
            onChange={(value) => {
              changed();
              setPolicyId(value);
            }}
          />
        </SimpleGrid>
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
