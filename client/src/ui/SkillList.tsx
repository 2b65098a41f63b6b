/** A job's skills, with those the viewer has marked (visibly, and for screen readers). */
export const SkillList = ({ skills, matching, label }: { skills: readonly string[]; matching: readonly string[]; label?: string }) => {
  const have = new Set(matching);
  return (
    <ul className="skill-list" aria-label={label}>
      {skills.map((skill) => (
        <li key={skill} className={`skill${have.has(skill) ? ' skill--match' : ''}`}>
          {skill}
          {have.has(skill) && <span className="visually-hidden"> (you have this skill)</span>}
        </li>
      ))}
    </ul>
  );
};
