import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** The demo user to sign in as (src/console/demo-users.ts). */
export class DevSignInDto {
  @ApiProperty({ example: 'demo-secretariat', description: "a demo user's `sub`" })
  @IsString()
  @Length(1, 100)
  sub!: string;
}
