import type { Section } from "~/content/schemas";
import { useLocale } from "../locale-context";

type MythFactData = Extract<Section, { _type: "mythFact" }>;

export function MythFact({ section }: { section: MythFactData }) {
  const { strings } = useLocale();
  return (
    <section className="myth-fact">
      <h2>{section.heading}</h2>
      {section.items.map((item) => (
        <div key={item._key}>
          <p>
            <strong className="label label-myth">{strings.myth}</strong> {item.myth}
          </p>
          <p>
            <strong className="label label-fact">{strings.fact}</strong> {item.fact}
          </p>
        </div>
      ))}
    </section>
  );
}
