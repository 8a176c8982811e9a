import { Check, Column, Entity, JoinTable, ManyToMany, type Relation } from "typeorm";
import { BaseRecord } from "../../common/base-record";
import { Firm } from "../firm/firm.entity";
import { FinancialInstitution } from "../institution/financial-institution.entity";

/** 对接活动: a government-run 政银企 docking event, with the banks and firms that took part. */
@Entity({ name: "docking_event" })
@Check("chk_docking_event_region", "region_code ~ '^[1-8][0-9]{5}$'")
export class DockingEvent extends BaseRecord {
  @Column({ type: "varchar", length: 200 })
  name!: string;

  @Column({ type: "varchar", length: 120 })
  organizer!: string;

  @Column({ type: "char", length: 6 })
  regionCode!: string;

  @Column({ type: "date" })
  heldOn!: string;

  @Column({ type: "text", default: "" })
  description!: string;

  @ManyToMany(() => FinancialInstitution)
  @JoinTable({
    name: "docking_event_institution",
    joinColumn: { name: "event_id", referencedColumnName: "id", foreignKeyConstraintName: "fk_docking_event_institution_event" },
    inverseJoinColumn: { name: "institution_id", referencedColumnName: "id", foreignKeyConstraintName: "fk_docking_event_institution_institution" },
  })
  institutions?: Relation<FinancialInstitution[]>;

  @ManyToMany(() => Firm)
  @JoinTable({
    name: "docking_event_firm",
    joinColumn: { name: "event_id", referencedColumnName: "id", foreignKeyConstraintName: "fk_docking_event_firm_event" },
    inverseJoinColumn: { name: "firm_id", referencedColumnName: "id", foreignKeyConstraintName: "fk_docking_event_firm_firm" },
  })
  firms?: Relation<Firm[]>;
}
