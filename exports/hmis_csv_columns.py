"""The 24 files of an FY2026 HMIS CSV export: file name -> its columns in order.

Seventeen files are copied exactly from section 5.4 of the team's HUD standards reference (hmis-standards.md), which
also states their column counts (REFERENCE_COUNTS). The reference lists the other seven (5.1) without columns: their
headers follow the FY2024 HMIS CSV structure as public exporters write it (column counts checked against HUD Data
Lab's FY2024 type strings); FY2026 changes to them are unconfirmed. The app holds no data for those seven.
"""

COLUMNS = {
    "Export.csv": (
        "ExportID", "SourceType", "SourceID", "SourceName", "SourceContactFirst", "SourceContactLast",
        "SourceContactPhone", "SourceContactExtension", "SourceContactEmail", "ExportDate", "ExportStartDate",
        "ExportEndDate", "SoftwareName", "SoftwareVersion", "CSVVersion", "ExportPeriodType", "ExportDirective",
        "HashStatus", "ImplementationID"
    ),
    "Organization.csv": (
        "OrganizationID", "OrganizationName", "VictimServiceProvider", "OrganizationCommonName", "DateCreated",
        "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "User.csv": (
        "UserID", "UserFirstName", "UserLastName", "UserPhone", "UserExtension", "UserEmail", "DateCreated",
        "DateUpdated", "DateDeleted", "ExportID"
    ),
    "Project.csv": (
        "ProjectID", "OrganizationID", "ProjectName", "ProjectCommonName", "OperatingStartDate", "OperatingEndDate",
        "ContinuumProject", "ProjectType", "HousingType", "RRHSubType", "ResidentialAffiliation",
        "TargetPopulation", "HOPWAMedAssistedLivingFac", "PITCount", "DateCreated", "DateUpdated", "UserID",
        "DateDeleted", "ExportID"
    ),
    "Funder.csv": (
        "FunderID", "ProjectID", "Funder", "OtherFunder", "GrantID", "StartDate", "EndDate", "DateCreated",
        "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "ProjectCoC.csv": (
        "ProjectCoCID", "ProjectID", "CoCCode", "Geocode", "Address1", "Address2", "City", "State", "Zip",
        "GeographyType", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Inventory.csv": (
        "InventoryID", "ProjectID", "CoCCode", "HouseholdType", "Availability", "UnitInventory", "BedInventory",
        "CHVetBedInventory", "YouthVetBedInventory", "VetBedInventory", "CHYouthBedInventory", "YouthBedInventory",
        "CHBedInventory", "OtherBedInventory", "ESBedType", "InventoryStartDate", "InventoryEndDate", "DateCreated",
        "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Affiliation.csv": (
        "AffiliationID", "ProjectID", "ResProjectID", "DateCreated", "DateUpdated", "UserID", "DateDeleted",
        "ExportID"
    ),
    "HMISParticipation.csv": (
        "HMISParticipationID", "ProjectID", "HMISParticipationType", "HMISParticipationStatusStartDate",
        "HMISParticipationStatusEndDate", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "CEParticipation.csv": (
        "CEParticipationID", "ProjectID", "AccessPoint", "PreventionAssessment", "CrisisAssessment",
        "HousingAssessment", "DirectServices", "ReceivesReferrals", "CEParticipationStatusStartDate",
        "CEParticipationStatusEndDate", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Client.csv": (
        "PersonalID", "FirstName", "MiddleName", "LastName", "NameSuffix", "NameDataQuality", "SSN",
        "SSNDataQuality", "DOB", "DOBDataQuality", "Sex", "AmIndAKNative", "Asian", "BlackAfAmerican",
        "HispanicLatinao", "MidEastNAfrican", "NativeHIPacific", "White", "RaceNone", "AdditionalRaceEthnicity",
        "VeteranStatus", "YearEnteredService", "YearSeparated", "WorldWarII", "KoreanWar", "VietnamWar",
        "DesertStorm", "AfghanistanOEF", "IraqOIF", "IraqOND", "OtherTheater", "MilitaryBranch", "DischargeStatus",
        "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Enrollment.csv": (
        "EnrollmentID", "PersonalID", "ProjectID", "EntryDate", "HouseholdID", "RelationshipToHoH", "EnrollmentCoC",
        "LivingSituation", "RentalSubsidyType", "LengthOfStay", "LOSUnderThreshold", "PreviousStreetESSH",
        "DateToStreetESSH", "TimesHomelessPastThreeYears", "MonthsHomelessPastThreeYears", "DisablingCondition",
        "DateOfEngagement", "MoveInDate", "DateOfPATHStatus", "ClientEnrolledInPATH", "ReasonNotEnrolled",
        "PercentAMI", "ReferralSource", "CountOutreachReferralApproaches", "DateOfBCPStatus", "EligibleForRHY",
        "ReasonNoServices", "RunawayYouth", "FormerWardChildWelfare", "ChildWelfareYears", "ChildWelfareMonths",
        "FormerWardJuvenileJustice", "JuvenileJusticeYears", "JuvenileJusticeMonths", "UnemploymentFam",
        "MentalHealthDisorderFam", "PhysicalDisabilityFam", "AlcoholDrugUseDisorderFam", "InsufficientIncome",
        "IncarceratedParent", "VAMCStation", "TargetScreenReqd", "TimeToHousingLoss", "AnnualPercentAMI",
        "LiteralHomelessHistory", "ClientLeaseholder", "HOHLeaseholder", "SubsidyAtRisk", "EvictionHistory",
        "CriminalRecord", "IncarceratedAdult", "PrisonDischarge", "SexOffender", "DisabledHoH", "CurrentPregnant",
        "SingleParent", "DependentUnder6", "HH5Plus", "CoCPrioritized", "HPScreeningScore", "ThresholdScore",
        "MentalHealthConsultation", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Exit.csv": (
        "ExitID", "EnrollmentID", "PersonalID", "ExitDate", "Destination", "DestinationSubsidyType",
        "OtherDestination", "HousingAssessment", "SubsidyInformation", "ProjectCompletionStatus", "EarlyExitReason",
        "ExchangeForSex", "ExchangeForSexPastThreeMonths", "CountOfExchangeForSex", "AskedOrForcedToExchangeForSex",
        "AskedOrForcedToExchangeForSexPastThreeMonths", "WorkPlaceViolenceThreats", "WorkplacePromiseDifference",
        "CoercedToContinueWork", "LaborExploitPastThreeMonths", "CounselingReceived", "IndividualCounseling",
        "FamilyCounseling", "GroupCounseling", "SessionCountAtExit", "PostExitCounselingPlan", "SessionsInPlan",
        "DestinationSafeClient", "DestinationSafeWorker", "PosAdultConnections", "PosPeerConnections",
        "PosCommunityConnections", "AftercareDate", "AftercareProvided", "EmailSocialMedia", "Telephone",
        "InPersonIndividual", "InPersonGroup", "CMExitReason", "DateCreated", "DateUpdated", "UserID",
        "DateDeleted", "ExportID"
    ),
    "IncomeBenefits.csv": (
        "IncomeBenefitsID", "EnrollmentID", "PersonalID", "InformationDate", "IncomeFromAnySource",
        "TotalMonthlyIncome", "Earned", "EarnedAmount", "Unemployment", "UnemploymentAmount", "SSI", "SSIAmount",
        "SSDI", "SSDIAmount", "VADisabilityService", "VADisabilityServiceAmount", "VADisabilityNonService",
        "VADisabilityNonServiceAmount", "PrivateDisability", "PrivateDisabilityAmount", "WorkersComp",
        "WorkersCompAmount", "TANF", "TANFAmount", "GA", "GAAmount", "SocSecRetirement", "SocSecRetirementAmount",
        "Pension", "PensionAmount", "ChildSupport", "ChildSupportAmount", "Alimony", "AlimonyAmount",
        "OtherIncomeSource", "OtherIncomeAmount", "OtherIncomeSourceIdentify", "BenefitsFromAnySource", "SNAP",
        "WIC", "TANFChildCare", "TANFTransportation", "OtherTANF", "OtherBenefitsSource",
        "OtherBenefitsSourceIdentify", "InsuranceFromAnySource", "Medicaid", "NoMedicaidReason", "Medicare",
        "NoMedicareReason", "SCHIP", "NoSCHIPReason", "VHAServices", "NoVHAReason", "EmployerProvided",
        "NoEmployerProvidedReason", "COBRA", "NoCOBRAReason", "PrivatePay", "NoPrivatePayReason", "StateHealthIns",
        "NoStateHealthInsReason", "IndianHealthServices", "NoIndianHealthServicesReason", "OtherInsurance",
        "OtherInsuranceIdentify", "ADAP", "NoADAPReason", "RyanWhiteMedDent", "NoRyanWhiteReason",
        "ConnectionWithSOAR", "DataCollectionStage", "DateCreated", "DateUpdated", "UserID", "DateDeleted",
        "ExportID"
    ),
    "HealthAndDV.csv": (
        "HealthAndDVID", "EnrollmentID", "PersonalID", "InformationDate", "DomesticViolenceSurvivor",
        "WhenOccurred", "CurrentlyFleeing", "GeneralHealthStatus", "DentalHealthStatus", "MentalHealthStatus",
        "PregnancyStatus", "DueDate", "DataCollectionStage", "DateCreated", "DateUpdated", "UserID", "DateDeleted",
        "ExportID"
    ),
    "EmploymentEducation.csv": (
        "EmploymentEducationID", "EnrollmentID", "PersonalID", "InformationDate", "LastGradeCompleted",
        "SchoolStatus", "Employed", "EmploymentType", "NotEmployedReason", "DataCollectionStage", "DateCreated",
        "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Disabilities.csv": (
        "DisabilitiesID", "EnrollmentID", "PersonalID", "InformationDate", "DisabilityType", "DisabilityResponse",
        "IndefiniteAndImpairs", "TCellCountAvailable", "TCellCount", "TCellSource", "ViralLoadAvailable",
        "ViralLoad", "ViralLoadSource", "AntiRetroviral", "DataCollectionStage", "DateCreated", "DateUpdated",
        "UserID", "DateDeleted", "ExportID"
    ),
    "Services.csv": (
        "ServicesID", "EnrollmentID", "PersonalID", "DateProvided", "RecordType", "TypeProvided",
        "OtherTypeProvided", "MovingOnOtherType", "SubTypeProvided", "FAAmount", "FAStartDate", "FAEndDate",
        "ReferralOutcome", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "CurrentLivingSituation.csv": (
        "CurrentLivingSitID", "EnrollmentID", "PersonalID", "InformationDate", "CurrentLivingSituation",
        "CLSSubsidyType", "VerifiedBy", "LeaveSituation14Days", "SubsequentResidence", "ResourcesToObtain",
        "LeaseOwn60Day", "MovedTwoOrMore", "LocationDetails", "DateCreated", "DateUpdated", "UserID", "DateDeleted",
        "ExportID"
    ),
    "Assessment.csv": (
        "AssessmentID", "EnrollmentID", "PersonalID", "AssessmentDate", "AssessmentLocation", "AssessmentType",
        "AssessmentLevel", "PrioritizationStatus", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "AssessmentQuestions.csv": (
        "AssessmentQuestionID", "AssessmentID", "EnrollmentID", "PersonalID", "AssessmentQuestionGroup",
        "AssessmentQuestionOrder", "AssessmentQuestion", "AssessmentAnswer", "DateCreated", "DateUpdated", "UserID",
        "DateDeleted", "ExportID"
    ),
    "AssessmentResults.csv": (
        "AssessmentResultID", "AssessmentID", "EnrollmentID", "PersonalID", "AssessmentResultType",
        "AssessmentResult", "DateCreated", "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "Event.csv": (
        "EventID", "EnrollmentID", "PersonalID", "EventDate", "Event", "ProbSolDivRRResult",
        "ReferralCaseManageAfter", "LocationCrisisOrPHHousing", "ReferralResult", "ResultDate", "DateCreated",
        "DateUpdated", "UserID", "DateDeleted", "ExportID"
    ),
    "YouthEducationStatus.csv": (
        "YouthEducationStatusID", "EnrollmentID", "PersonalID", "InformationDate", "CurrentSchoolAttend",
        "MostRecentEdStatus", "CurrentEdStatus", "DataCollectionStage", "DateCreated", "DateUpdated", "UserID",
        "DateDeleted", "ExportID"
    ),
}

# Column counts the reference states (section 5.4 headings), for the files it defines.
REFERENCE_COUNTS = {
    "Export.csv": 19, "Organization.csv": 9, "User.csv": 10, "Project.csv": 19, "Funder.csv": 12,
    "ProjectCoC.csv": 15, "Inventory.csv": 22, "HMISParticipation.csv": 10, "Client.csv": 38,
    "Enrollment.csv": 67, "Exit.csv": 44, "IncomeBenefits.csv": 77, "HealthAndDV.csv": 18,
    "EmploymentEducation.csv": 15, "Disabilities.csv": 20, "Services.csv": 18,
    "CurrentLivingSituation.csv": 18,
}

# Files whose headers the reference does not give (see the module docstring).
UNCONFIRMED = frozenset({
    "Affiliation.csv", "CEParticipation.csv", "Assessment.csv", "AssessmentQuestions.csv",
    "AssessmentResults.csv", "Event.csv", "YouthEducationStatus.csv"
})
