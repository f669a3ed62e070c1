/**
 * The table beside every chart and list of figures: column headers, one row
 * header per row (what screen readers announce with each cell), and a scroll
 * wrapper so that a wide table never widens a phone's page.
 */
import type { ComponentChildren } from 'preact';

export interface DataRow {
  key: string;
  cells: ComponentChildren[];
}

export function DataTable({ caption, columns, rows, rowHeader = 0 }: { caption?: string; columns: string[]; rows: DataRow[]; rowHeader?: number }) {
  return (
    // Focusable, so that a keyboard can scroll a table wider than the phone (axe: scrollable-region-focusable).
    <div class="table-wrap" tabIndex={0} role={caption ? 'region' : undefined} aria-label={caption}>
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              {row.cells.map((cell, i) =>
                i === rowHeader ? (
                  <th key={i} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={i}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
