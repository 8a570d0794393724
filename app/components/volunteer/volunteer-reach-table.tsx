/** One table of a volunteer's reach (visits, hotline taps, SMS subscriptions) with its totals, as published under the small-number rules. */
import { publishedText, type PublishedCount } from "~/analytics/small-numbers";
import { useLocale } from "~/components/locale-context";

export function ReachTable(props: {
  caption: string;
  rowHeader: string;
  rows: string[];
  cells: PublishedCount[][];
  totals: PublishedCount[];
}) {
  const { strings } = useLocale();
  const text = (count: PublishedCount) => publishedText(count, strings.volunteerHidden);
  return (
    <div className="volunteer-table" role="region" aria-label={props.caption} tabIndex={0}>
      <table>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.rowHeader}</th>
            <th scope="col">{strings.volunteerVisits}</th>
            <th scope="col">{strings.volunteerHotlineTaps}</th>
            <th scope="col">{strings.volunteerGoalSubscribers}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, index) => (
            <tr key={`${row}-${index}`}>
              <th scope="row">{row || strings.volunteerUnknown}</th>
              {props.cells[index]!.map((cell, column) => (
                <td key={column}>{text(cell)}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{strings.volunteerTotal}</th>
            {props.totals.map((cell, column) => (
              <td key={column}>{text(cell)}</td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
