import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { EmissionsModule } from './emissions/emissions.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { KnownQueryInterceptor } from './common/known-query.interceptor';
import { RequestBodyInterceptor } from './common/request-body/request-body.interceptor';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { Secrets, SECRETS } from './config/secrets';
import { dataSourceOptions, SERVICE_QUERY_TIMEOUT_MS } from './database/data-source-options';
import { HealthController } from './health/health.controller';
import { MetersModule } from './meters/meters.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ProcurementModule } from './procurement/procurement.module';
import { ReadingsModule } from './readings/readings.module';
import { ReportingPeriodsModule } from './reporting-periods/reporting-periods.module';
import { ReportsModule } from './reports/reports.module';
import { Re100Module } from './re100/re100.module';
import { SitesModule } from './sites/sites.module';
import { WebModule } from './web/web.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig, secrets: Secrets): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: SECRETS, useValue: secrets },
      ],
      exports: [APP_CONFIG, SECRETS],
    };
  }
}

/** The application, given its validated configuration, its secrets and the URL of a database already migrated. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, secrets: Secrets, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, secrets),
        TypeOrmModule.forRoot(
          dataSourceOptions(databaseUrl, config.databasePoolSize, SERVICE_QUERY_TIMEOUT_MS),
        ),
        AuditModule,
        ReportingPeriodsModule,
        AuthModule,
        OrganizationsModule,
        SitesModule,
        MetersModule,
        ReadingsModule,
        ReportsModule,
        ProcurementModule,
        Re100Module,
        EmissionsModule,
        WebModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        // In this order, after the access guard: refuse unknown query parameters, then read the body.
        { provide: APP_INTERCEPTOR, useClass: KnownQueryInterceptor },
        { provide: APP_INTERCEPTOR, useClass: RequestBodyInterceptor },
      ],
    };
  }
}
