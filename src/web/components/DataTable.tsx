import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A list view: a header row and the rows, or a dimmed line saying there is nothing yet. */
export function DataTable<T>({
  columns,
  rows,
  empty,
  row,
  striped,
  minWidth = 640,
}: {
  columns: string[];
  rows: T[] | undefined;
  empty: string;
  row: (item: T) => ReactNode;
  striped?: boolean;
  /** Narrower than this (a phone), the table scrolls sideways in its own box instead of squeezing its cells. */
  minWidth?: number;
}) {
  if (rows?.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    // Focusable, so a keyboard can scroll it where it is narrower than the table.
    <Table.ScrollContainer minWidth={minWidth} type="native" tabIndex={0}>
      <Table striped={striped}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: several action columns have no title
              <Table.Th key={index}>{column}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows?.map(row)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
