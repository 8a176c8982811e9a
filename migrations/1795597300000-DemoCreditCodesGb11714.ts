import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The demo firms' credit codes, made valid under the organisation-code check (issue 14, item 5):
 * position 17 of a 统一社会信用代码 is the GB 11714 check character of positions 9-16, which
 * parseCreditCode now checks. The demo codes of databases seeded before were built with an arbitrary
 * 17th character and fail it, so `firmByCreditCode` would refuse them and the start's demo tokens
 * (found by credit code) would not find their firm. This rewrites exactly those 21 codes (old →
 * new, as src/seed/demo-data.ts now builds them); a database without them is untouched. No real
 * firm can hold an old one: each fails GB 11714.
 */
const CODES: ReadonlyArray<readonly [string, string]> = [
  ["91140502MA0GRK7X3P", "91140502MA0GRK7X87"], // jc-xinrui
  ["91140581MA0H2Q8L10", "91140581MA0H2Q8L7J"], // jc-jinlan
  ["91140525MA0JD4N628", "91140525MA0JD4N615"], // jc-guangyan
  ["91140502MA0K8F3T9P", "91140502MA0K8F3T6E"], // jc-zhilian
  ["91360102MA35R7UL2D", "91360102MA35R7UL6R"], // dh-ruikang
  ["91360102MA38G1K0XM", "91360102MA38G1K07H"], // dh-ganjiang
  ["91360102705612348L", "91360102705612349P"], // dh-hongdu
  ["91360102MA39W2E672", "91360102MA39W2E698"], // dh-lvyuan
  ["913302067170826H5H", "913302067170826H4E"], // zj-hairun
  ["91330106MA2H1C8Y4J", "91330106MA2H1C8Y3F"], // zj-xince
  ["91331002148051922U", "91331002148051920M"], // zj-donghai
  ["91330402MA2JB6P31W", "91330402MA2JB6P38J"], // zj-weina
  ["91330503MA2K5D7R8Q", "91330503MA2K5D7R7M"], // zj-nanxun
  ["91530111MA6K3TQ55X", "91530111MA6K3TQ587"], // yn-dianzhong
  ["91530402709845126C", "915304027098451233"], // yn-yunxing
  ["91530102MA6PX4D80N", "91530102MA6PX4D8XG"], // yn-yunzhi
  ["91530302MA6Q7R2C30", "91530302MA6Q7R2C43"], // yn-diandong
  ["91410102170021578H", "91410102170021576B"], // zz-zhongyue
  ["91410105MA44K9L2JM", "91410105MA44K9L211"], // zz-zhigan
  ["91410108MA47N3G8U0", "91410108MA47N3G81F"], // zz-yunsuan
  ["91410184MA45C6W19A", "91410184MA45C6W12L"], // zz-yuxin
];

export class DemoCreditCodesGb117141795597300000 implements MigrationInterface {
  name = "DemoCreditCodesGb117141795597300000";

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [before, after] of CODES) {
      await queryRunner.query(`UPDATE firm SET credit_code = $2 WHERE credit_code = $1`, [before, after]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [before, after] of CODES) {
      await queryRunner.query(`UPDATE firm SET credit_code = $1 WHERE credit_code = $2`, [before, after]);
    }
  }
}
