import type { Section } from "~/content/schemas";

type SignsChecklistData = Extract<Section, { _type: "signsChecklist" }>;

export function SignsChecklist({ section }: { section: SignsChecklistData }) {
  return (
    <section>
      <h2>{section.heading}</h2>
      {section.intro ? <p>{section.intro}</p> : null}
      <ul className="checklist">
        {section.items.map((item) => (
          <li key={item._key}>{item.text}</li>
        ))}
      </ul>
    </section>
  );
}
