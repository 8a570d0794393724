import type { Section } from "~/content/schemas";
import { PortableText } from "../portable-text";

type StorySectionData = Extract<Section, { _type: "storySection" }>;

export function StorySection({ section }: { section: StorySectionData }) {
  return (
    <section>
      {section.heading ? <h2>{section.heading}</h2> : null}
      <PortableText blocks={section.body} headingOffset={section.heading ? 1 : 0} />
    </section>
  );
}
